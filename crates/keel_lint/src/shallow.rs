//! Statements recognised from their words, for real SQL that `sqlparser` does not parse (or
//! parses without the detail a rule needs): `DROP INDEX CONCURRENTLY IF EXISTS`, `REINDEX`,
//! `ALTER TABLE … DETACH PARTITION` / `SET SCHEMA`, `ALTER TABLE … ALTER COLUMN … DROP
//! EXPRESSION | DROP IDENTITY | SET GENERATED …` (identity and generated columns),
//! `ALTER VIEW|SEQUENCE|… RENAME TO`, `ALTER DOMAIN … ADD CONSTRAINT` and `CREATE DOMAIN`.
//! Anything else gives `None` and stays an opaque op.

use crate::ir::{GenerationChange, OpKind};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A bare word (keyword or identifier), as written.
    Word(String),
    /// A "quoted" or `back-quoted` identifier, without its quotes.
    Quoted(String),
    /// A string or dollar-quoted literal.
    Literal,
    /// Any other character.
    Punct(char),
}

/// The tokens of one statement, up to its first top-level `;`.
struct Tokens(Vec<Tok>);

impl Tokens {
    fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
            } else if c == b'-' && b.get(i + 1) == Some(&b'-') || c == b'#' {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            } else if c == b'\'' {
                i += 1;
                while i < b.len() {
                    if b[i] == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                    } else if b[i] == b'\'' {
                        break;
                    } else {
                        i += 1;
                    }
                }
                i += 1;
                out.push(Tok::Literal);
            } else if c == b'"' || c == b'`' {
                let end = text[i + 1..].find(c as char).map_or(b.len(), |e| i + 1 + e);
                out.push(Tok::Quoted(text[i + 1..end.min(b.len())].to_string()));
                i = end + 1;
            } else if c == b'$' {
                // $tag$ … $tag$
                let tag_end = text[i + 1..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map(|e| i + 1 + e);
                match tag_end.filter(|&e| b[e] == b'$') {
                    Some(e) => {
                        let tag = &text[i..=e];
                        i = text[e + 1..]
                            .find(tag)
                            .map_or(b.len(), |x| e + 1 + x + tag.len());
                        out.push(Tok::Literal);
                    }
                    None => {
                        out.push(Tok::Punct('$'));
                        i += 1;
                    }
                }
            } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'$'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(Tok::Word(text[start..i].to_string()));
            } else if c == b';' {
                break;
            } else {
                out.push(Tok::Punct(c as char));
                i += 1;
            }
        }
        Tokens(out)
    }

    /// Whether token `i` is the keyword `kw` (upper-case).
    fn is(&self, i: usize, kw: &str) -> bool {
        matches!(self.0.get(i), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    /// Skips the keywords `kws` when they all follow at `i`.
    fn skip(&self, i: usize, kws: &[&str]) -> (usize, bool) {
        if kws.iter().enumerate().all(|(k, kw)| self.is(i + k, kw)) {
            (i + kws.len(), true)
        } else {
            (i, false)
        }
    }

    /// A possibly qualified name at `i`: its last part, lower-cased, and the index after it.
    fn name(&self, mut i: usize) -> Option<(String, usize)> {
        loop {
            let part = match self.0.get(i)? {
                Tok::Word(w) | Tok::Quoted(w) => w.to_lowercase(),
                _ => return None,
            };
            i += 1;
            if self.0.get(i) == Some(&Tok::Punct('.')) {
                i += 1;
            } else {
                return Some((part, i));
            }
        }
    }

    /// The index after a parenthesised group starting at `i` (or `i` when there is none).
    fn skip_parens(&self, i: usize) -> usize {
        if self.0.get(i) != Some(&Tok::Punct('(')) {
            return i;
        }
        let mut depth = 0usize;
        for (k, t) in self.0.iter().enumerate().skip(i) {
            match t {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => {
                    depth -= 1;
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
        }
        self.0.len()
    }

    fn any_word(&self, from: usize, to: usize, kw: &str) -> bool {
        (from..to.min(self.0.len())).any(|k| self.is(k, kw))
    }

    /// The ranges of the comma-separated items from `from` to the end, commas inside
    /// parentheses excluded.
    fn top_level_items(&self, from: usize) -> Vec<(usize, usize)> {
        let mut items = Vec::new();
        let (mut depth, mut start) = (0usize, from);
        for (k, t) in self.0.iter().enumerate().skip(from) {
            match t {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => depth = depth.saturating_sub(1),
                Tok::Punct(',') if depth == 0 => {
                    items.push((start, k));
                    start = k + 1;
                }
                _ => {}
            }
        }
        items.push((start, self.0.len()));
        items
    }

    /// Whether the keyword `kw` appears outside any parentheses from `from` on.
    fn top_level_word(&self, from: usize, kw: &str) -> bool {
        let mut depth = 0usize;
        for (k, t) in self.0.iter().enumerate().skip(from) {
            match t {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => depth = depth.saturating_sub(1),
                _ if depth == 0 && self.is(k, kw) => return true,
                _ => {}
            }
        }
        false
    }
}

/// Recognises `text` (one statement) when it is one of the forms this module knows.
pub(crate) fn recognize(text: &str) -> Option<Vec<OpKind>> {
    let t = Tokens::new(text);
    if t.is(0, "DROP") && t.is(1, "INDEX") {
        drop_index(&t)
    } else if t.is(0, "REINDEX") {
        reindex(&t)
    } else if t.is(0, "ALTER") {
        alter(&t)
    } else if t.is(0, "CREATE") && t.is(1, "DOMAIN") {
        let (name, i) = t.name(2)?;
        Some(vec![OpKind::CreateObject {
            object: "DOMAIN".into(),
            name,
            checked: t.top_level_word(i, "CHECK"),
        }])
    } else {
        None
    }
}

fn drop_index(t: &Tokens) -> Option<Vec<OpKind>> {
    let (i, concurrently) = t.skip(2, &["CONCURRENTLY"]);
    let (mut i, if_exists) = t.skip(i, &["IF", "EXISTS"]);
    let mut ops = Vec::new();
    loop {
        let (name, next) = t.name(i)?;
        ops.push(OpKind::DropIndex {
            name,
            concurrently,
            if_exists,
        });
        if t.0.get(next) == Some(&Tok::Punct(',')) {
            i = next + 1;
        } else {
            return Some(ops);
        }
    }
}

fn reindex(t: &Tokens) -> Option<Vec<OpKind>> {
    let after_options = t.skip_parens(1);
    let mut concurrently = t.any_word(1, after_options, "CONCURRENTLY");
    let kind = match t.0.get(after_options)? {
        Tok::Word(w) => w.to_ascii_uppercase(),
        _ => return None,
    };
    if !matches!(
        kind.as_str(),
        "INDEX" | "TABLE" | "SCHEMA" | "DATABASE" | "SYSTEM"
    ) {
        return None;
    }
    let (i, c) = t.skip(after_options + 1, &["CONCURRENTLY"]);
    concurrently |= c;
    let target = match t.name(i) {
        Some((name, _)) => format!("{kind} {name}"),
        None => kind,
    };
    Some(vec![OpKind::Reindex {
        target,
        concurrently,
    }])
}

/// Object kinds whose `ALTER … RENAME TO` / `SET SCHEMA` this module reads.
const RENAMABLE: &[&[&str]] = &[
    &["MATERIALIZED", "VIEW"],
    &["VIEW"],
    &["SEQUENCE"],
    &["FUNCTION"],
    &["PROCEDURE"],
    &["TYPE"],
    &["SCHEMA"],
    &["DOMAIN"],
];

fn alter(t: &Tokens) -> Option<Vec<OpKind>> {
    if t.is(1, "TABLE") {
        let (i, _) = t.skip(2, &["IF", "EXISTS"]);
        let (i, _) = t.skip(i, &["ONLY"]);
        let (table, i) = t.name(i)?;
        if let (i, true) = t.skip(i, &["DETACH", "PARTITION"]) {
            let (partition, i) = t.name(i)?;
            let concurrently = t.is(i, "CONCURRENTLY") || t.is(i, "FINALIZE");
            return Some(vec![OpKind::DetachPartition {
                table,
                partition,
                concurrently,
            }]);
        }
        if let (i, true) = t.skip(i, &["SET", "SCHEMA"]) {
            let (schema, _) = t.name(i)?;
            return Some(vec![OpKind::RenameObject {
                object: "TABLE".into(),
                to: format!("{schema}.{table}"),
                from: table,
            }]);
        }
        return column_generation(t, &table, i);
    }
    let words = RENAMABLE.iter().find(|words| t.skip(1, words).1)?;
    let object = words.join(" ");
    let (i, _) = t.skip(1 + words.len(), &["IF", "EXISTS"]);
    let (name, i) = t.name(i)?;
    let i = t.skip_parens(i);
    if let (i, true) = t.skip(i, &["RENAME", "TO"]) {
        let (to, _) = t.name(i)?;
        return Some(vec![OpKind::RenameObject {
            object,
            from: name,
            to,
        }]);
    }
    if let (i, true) = t.skip(i, &["SET", "SCHEMA"]) {
        let (schema, _) = t.name(i)?;
        return Some(vec![OpKind::RenameObject {
            object,
            to: format!("{schema}.{name}"),
            from: name,
        }]);
    }
    if object == "DOMAIN" && t.is(i, "ADD") {
        let n = t.0.len();
        let not_valid = n >= 2 && t.is(n - 2, "NOT") && t.is(n - 1, "VALID");
        return Some(vec![OpKind::DomainConstraint {
            domain: name,
            not_valid,
        }]);
    }
    None
}

/// The actions of `ALTER TABLE table …` from `i` when at least one of them changes an identity or
/// generated column (which sqlparser does not parse); the other actions stay opaque.
fn column_generation(t: &Tokens, table: &str, i: usize) -> Option<Vec<OpKind>> {
    let mut ops = Vec::new();
    let mut found = false;
    for (start, end) in t.top_level_items(i) {
        match generation_action(t, start, end) {
            Some((column, change)) => {
                found = true;
                ops.push(OpKind::ColumnGeneration {
                    table: table.to_string(),
                    column,
                    change,
                });
            }
            None => ops.push(OpKind::Other {
                what: "ALTER TABLE".into(),
                ddl: true,
            }),
        }
    }
    found.then_some(ops)
}

/// `ALTER [COLUMN] c <identity or generation change>` between `start` and `end`.
fn generation_action(t: &Tokens, start: usize, end: usize) -> Option<(String, GenerationChange)> {
    let (i, true) = t.skip(start, &["ALTER"]) else {
        return None;
    };
    let (i, _) = t.skip(i, &["COLUMN"]);
    let (column, i) = t.name(i)?;
    let always = |from: usize| t.is(from, "ALWAYS");
    let change = if t.skip(i, &["DROP", "EXPRESSION"]).1 {
        GenerationChange::DropExpression
    } else if t.skip(i, &["DROP", "IDENTITY"]).1 {
        GenerationChange::DropIdentity
    } else if t.skip(i, &["SET", "EXPRESSION"]).1 {
        GenerationChange::SetExpression
    } else if let (k, true) = t.skip(i, &["ADD", "GENERATED"]) {
        GenerationChange::AddIdentity {
            always: !t.skip(k, &["BY", "DEFAULT"]).1,
        }
    } else if let (k, true) = t.skip(i, &["SET", "GENERATED"]) {
        GenerationChange::SetGenerated { always: always(k) }
    } else if t.is(i, "RESTART")
        || (t.is(i, "SET")
            && [
                "INCREMENT",
                "START",
                "MINVALUE",
                "MAXVALUE",
                "NO",
                "CYCLE",
                "CACHE",
            ]
            .iter()
            .any(|w| t.is(i + 1, w)))
    {
        GenerationChange::IdentityOptions
    } else {
        return None;
    };
    (i < end).then_some((column, change))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_sqlparser_misses() {
        assert_eq!(
            recognize("DROP INDEX CONCURRENTLY IF EXISTS public.\"Photos_Owner\", b;"),
            Some(vec![
                OpKind::DropIndex {
                    name: "photos_owner".into(),
                    concurrently: true,
                    if_exists: true
                },
                OpKind::DropIndex {
                    name: "b".into(),
                    concurrently: true,
                    if_exists: true
                }
            ])
        );
        assert_eq!(
            recognize("REINDEX (VERBOSE) TABLE CONCURRENTLY photos"),
            Some(vec![OpKind::Reindex {
                target: "TABLE photos".into(),
                concurrently: true
            }])
        );
        assert_eq!(
            recognize("-- c\nALTER TABLE ONLY events DETACH PARTITION events_2020;"),
            Some(vec![OpKind::DetachPartition {
                table: "events".into(),
                partition: "events_2020".into(),
                concurrently: false
            }])
        );
        assert_eq!(
            recognize("ALTER FUNCTION f(int, text) RENAME TO g"),
            Some(vec![OpKind::RenameObject {
                object: "FUNCTION".into(),
                from: "f".into(),
                to: "g".into()
            }])
        );
        assert_eq!(
            recognize("ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID"),
            Some(vec![OpKind::DomainConstraint {
                domain: "d".into(),
                not_valid: true
            }])
        );
        assert_eq!(
            recognize("ALTER TABLE ONLY t ALTER COLUMN total DROP EXPRESSION IF EXISTS, ALTER id SET GENERATED BY DEFAULT RESTART, ADD x int"),
            Some(vec![
                OpKind::ColumnGeneration {
                    table: "t".into(),
                    column: "total".into(),
                    change: GenerationChange::DropExpression
                },
                OpKind::ColumnGeneration {
                    table: "t".into(),
                    column: "id".into(),
                    change: GenerationChange::SetGenerated { always: false }
                },
                OpKind::Other {
                    what: "ALTER TABLE".into(),
                    ddl: true
                }
            ])
        );
        assert_eq!(
            recognize("CREATE DOMAIN d AS int NOT NULL CHECK (VALUE > 0)"),
            Some(vec![OpKind::CreateObject {
                object: "DOMAIN".into(),
                name: "d".into(),
                checked: true
            }])
        );
        assert_eq!(
            recognize("ALTER TABLE t ALTER COLUMN a SET NOT NULL, FOO"),
            None
        );
        assert_eq!(recognize("ALTER TYPE mood ADD VALUE 'x'"), None);
        assert_eq!(recognize("ALTER TABLE t ADD COLUMN x int"), None);
        assert_eq!(recognize("SELECT 'DROP INDEX x'"), None);
        assert_eq!(recognize("DROP INDEX"), None);
        assert_eq!(recognize("CREATE FUNCTION f() AS $$ DROP INDEX x $$"), None);
    }
}
