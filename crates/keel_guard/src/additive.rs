//! Statements that only add structure: they cannot remove a row or a value from any table
//! that exists before them, so a table named only in such statements needs no fingerprint.
//!
//! The list is short on purpose and every form on it is judged by the engine's documented
//! behaviour, not by what is usual: anything not recognised here counts as touching every
//! table it names, which is what the guard did for every statement before.

use keel_sql::Dialect;

/// Whether `statement` (one statement, as [`keel_sql::split`] returns it) only adds
/// structure to the tables it names:
///
/// - `CREATE [TEMPORARY | UNLOGGED] TABLE` without `OR REPLACE` (MariaDB's `CREATE OR
///   REPLACE TABLE` drops the old table) and without a query (`AS SELECT` is left to the
///   cautious path);
/// - `CREATE [UNIQUE] INDEX`: a duplicate makes it fail, it never deletes;
/// - `ALTER TABLE name` whose every action is `ADD [COLUMN]`, `ADD CONSTRAINT … CHECK/UNIQUE`,
///   `ADD INDEX/KEY/UNIQUE`, or on MySQL the `ALGORITHM=` / `LOCK=` options. Not additive:
///   an action naming `REFERENCES` or `FOREIGN` (a new `ON DELETE CASCADE` lets a later
///   statement reach this table through its parent), MySQL's `PRIMARY KEY` (outside strict
///   mode it turns NULLs into zeros and empty strings), and `IGNORE` anywhere (MariaDB's
///   `ALTER IGNORE TABLE … ADD UNIQUE` deletes the duplicates).
pub fn is_additive(statement: &str, dialect: Dialect) -> bool {
    let tokens = tokens(statement, dialect);
    let words: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    if words.contains(&"ignore") {
        return false;
    }
    let mut head = words.iter().copied();
    match (head.next(), head.next()) {
        (Some("create"), Some(second)) => {
            let second = match second {
                "temporary" | "temp" | "unlogged" | "global" | "local" => {
                    if matches!(second, "global" | "local") {
                        let _ = head.next();
                    }
                    head.next().unwrap_or("")
                }
                other => other,
            };
            match second {
                "table" => !words.contains(&"select") && !words.contains(&"as"),
                "unique" => head.next() == Some("index"),
                "index" => true,
                _ => false,
            }
        }
        (Some("alter"), Some("table")) => alter_adds_only(&tokens, dialect),
        _ => false,
    }
}

/// Every top-level action of an `ALTER TABLE` adds something harmless (see [`is_additive`]).
fn alter_adds_only(tokens: &[Token], dialect: Dialect) -> bool {
    // Skip `ALTER TABLE [IF EXISTS] [ONLY] name [*]`: the actions start at the first `ADD`
    // (or, on MySQL, a table option) after the name.
    let Some(start) = tokens
        .iter()
        .position(|t| matches!(t, Token::Word(w) if w == "add"))
    else {
        return false;
    };
    let head = &tokens[..start];
    // `alter`, `table`, optional `if exists` / `only`, the name (possibly `schema.name`).
    let name_parts = head
        .iter()
        .skip(2)
        .filter(|t| !matches!(t, Token::Word(w) if matches!(w.as_str(), "if" | "exists" | "only")))
        .filter(|t| !matches!(t, Token::Punct('.') | Token::Punct('*')))
        .count();
    if name_parts == 0 || name_parts > 2 {
        return false;
    }
    split_actions(&tokens[start..])
        .into_iter()
        .all(|action| action_is_additive(action, dialect))
}

fn action_is_additive(action: &[Token], dialect: Dialect) -> bool {
    let word = |i: usize| match action.get(i) {
        Some(Token::Word(w)) => Some(w.as_str()),
        Some(Token::Quoted) => Some(""),
        _ => None,
    };
    let mentions = |w: &str| action.iter().any(|t| matches!(t, Token::Word(x) if x == w));
    if mentions("references") || mentions("foreign") {
        return false;
    }
    match word(0) {
        Some("add") => {}
        Some("algorithm" | "lock") => return dialect == Dialect::Mysql,
        _ => return false,
    }
    match word(1) {
        Some("primary") => dialect == Dialect::Postgres,
        Some("constraint") => !(dialect == Dialect::Mysql && mentions("primary")),
        Some("partition" | "period" | "system") => false,
        Some(_) => true,
        None => false,
    }
}

/// The actions of an `ALTER TABLE`, split at commas outside parentheses.
fn split_actions(tokens: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => depth = depth.saturating_sub(1),
            Token::Punct(',') if depth == 0 => {
                out.push(&tokens[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&tokens[from..]);
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An unquoted word, lower-cased.
    Word(String),
    /// A quoted identifier (its text does not matter here).
    Quoted,
    /// A string or other literal.
    Literal,
    Punct(char),
}

/// Words, quoted identifiers, literals and punctuation of one statement; comments dropped.
fn tokens(text: &str, dialect: Dialect) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Skips to just past the closing `close`, honouring a doubled `close` as an escape (and,
    // in MySQL strings, a backslash escape).
    let skip_quoted = |mut j: usize, close: u8, backslash: bool| -> usize {
        while j < b.len() {
            if backslash && b[j] == b'\\' {
                j += 2;
                continue;
            }
            if b[j] == close {
                if b.get(j + 1) == Some(&close) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j += 1;
        }
        j
    };
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') || c == b'#' && dialect == Dialect::Mysql
        {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
        } else if c == b'\'' {
            i = skip_quoted(i + 1, b'\'', dialect == Dialect::Mysql);
            out.push(Token::Literal);
        } else if c == b'"' || c == b'`' {
            i = skip_quoted(i + 1, c, false);
            out.push(if c == b'"' && dialect == Dialect::Mysql {
                Token::Literal
            } else {
                Token::Quoted
            });
        } else if c == b'[' && dialect == Dialect::Sqlite {
            i = text[i..].find(']').map_or(b.len(), |e| i + e + 1);
            out.push(Token::Quoted);
        } else if c == b'$' && dialect == Dialect::Postgres {
            // A dollar-quoted body: `$tag$ … $tag$`.
            let tag_end = text[i + 1..].find('$').map_or(b.len(), |e| i + 1 + e + 1);
            let tag = &text[i..tag_end.min(text.len())];
            i = text[tag_end.min(text.len())..]
                .find(tag)
                .map_or(b.len(), |e| tag_end + e + tag.len());
            out.push(Token::Literal);
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Token::Word(text[start..i].to_lowercase()));
        } else {
            out.push(Token::Punct(c as char));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn additive(sql: &str, dialect: Dialect) -> bool {
        is_additive(sql, dialect)
    }

    #[test]
    fn adding_columns_indexes_and_tables_is_additive_everywhere() {
        for d in Dialect::ALL {
            assert!(
                additive("ALTER TABLE photos ADD COLUMN title VARCHAR(100)", d),
                "{d}"
            );
            assert!(
                additive("alter table \"photos\" add column \"t\" int default 0", d)
                    || d == Dialect::Mysql,
                "{d}"
            );
            assert!(additive("CREATE TABLE posts (id INTEGER PRIMARY KEY, photo_id INTEGER REFERENCES photos (id) ON DELETE CASCADE)", d), "{d}");
            assert!(
                additive("CREATE UNIQUE INDEX photos_title ON photos (title)", d),
                "{d}"
            );
            assert!(
                additive("create index if not exists i on photos (a, lower(b))", d),
                "{d}"
            );
        }
        assert!(additive("ALTER TABLE photos ADD title VARCHAR(100) AFTER caption, ADD INDEX (title), ALGORITHM=INPLACE, LOCK=NONE", Dialect::Mysql));
        assert!(additive("ALTER TABLE IF EXISTS ONLY app.photos ADD COLUMN IF NOT EXISTS t text, ADD CONSTRAINT c CHECK (length(t) < 9)", Dialect::Postgres));
        assert!(additive(
            "ALTER TABLE photos ADD PRIMARY KEY (id)",
            Dialect::Postgres
        ));
    }

    #[test]
    fn anything_that_can_change_or_remove_existing_values_is_not() {
        let all = Dialect::ALL;
        for d in all {
            for sql in [
                "ALTER TABLE photos DROP COLUMN caption",
                "ALTER TABLE photos ADD COLUMN t int, DROP COLUMN caption",
                "ALTER TABLE photos RENAME COLUMN caption TO title",
                "ALTER TABLE photos ALTER COLUMN caption TYPE varchar(5)",
                "ALTER TABLE photos ADD COLUMN post_id int REFERENCES posts (id) ON DELETE CASCADE",
                "ALTER TABLE photos ADD CONSTRAINT fk FOREIGN KEY (post_id) REFERENCES posts (id)",
                "UPDATE photos SET caption = NULL",
                "DELETE FROM photos",
                "INSERT INTO posts SELECT * FROM photos",
                "DROP TABLE photos",
                "CREATE TABLE copy AS SELECT * FROM photos",
                "CREATE OR REPLACE TABLE photos (id int)",
                "CREATE TRIGGER t AFTER INSERT ON posts BEGIN DELETE FROM photos; END",
                "CREATE VIEW v AS SELECT * FROM photos",
                "ALTER IGNORE TABLE photos ADD UNIQUE (caption)",
                "ALTER TABLE photos",
            ] {
                assert!(!additive(sql, d), "{d}: {sql}");
            }
        }
        // Outside strict mode MySQL fills NULLs of a new primary key's columns with zeros.
        assert!(!additive(
            "ALTER TABLE photos ADD PRIMARY KEY (id)",
            Dialect::Mysql
        ));
        assert!(!additive(
            "ALTER TABLE photos ADD CONSTRAINT pk PRIMARY KEY (id)",
            Dialect::Mysql
        ));
        assert!(!additive(
            "ALTER TABLE photos ADD COLUMN t int, FORCE",
            Dialect::Mysql
        ));
    }

    #[test]
    fn words_inside_literals_and_comments_do_not_count() {
        assert!(additive(
            "ALTER TABLE photos /* DROP COLUMN x, */ ADD COLUMN note text DEFAULT 'drop, delete' -- , DROP y",
            Dialect::Postgres
        ));
        assert!(!additive(
            "ALTER TABLE photos ADD COLUMN note text DEFAULT 'x', DROP COLUMN caption",
            Dialect::Postgres
        ));
    }
}
