//! A focused reader for the SQL text SQLite keeps in `sqlite_schema.sql`.
//!
//! The pragmas do not say everything: constraint names, CHECK bodies, generated-column
//! expressions, `AUTOINCREMENT`, column collations, `DEFERRABLE`, `MATCH`, conflict clauses,
//! index expressions and partial-index predicates exist only in the CREATE text. This module
//! holds a tokenizer that respects every SQLite quoting form (`'…'`, `"…"`, `` `…` ``, `[…]`,
//! `x'…'`) and both comment forms, a renderer that prints a token run in one canonical
//! spelling, and small parsers for `CREATE TABLE`, `CREATE INDEX`, `CREATE VIEW` and
//! `CREATE TRIGGER`.
//!
//! The canonical spelling is purely lexical, never semantic: comments dropped, one space
//! between tokens (none inside parentheses, before commas or around dots, none between a
//! function name and its parenthesis), keywords and a trigger's `NEW.`/`OLD.` in upper case,
//! function names in lower case,
//! `` `x` `` and `[x]` quoted as `"x"`, a quoted identifier unquoted only when it is a plain
//! name known to the schema (so `"b"` written by `ALTER TABLE … RENAME COLUMN` equals `b`),
//! numbers and blob literals in lower case. String literals and other identifiers are kept
//! exactly as written.

/// One lexical token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare word: a keyword or an unquoted identifier, as written.
    Word(String),
    /// A quoted identifier (`"…"`, `` `…` ``, `[…]`), unescaped.
    Ident(String),
    /// A string literal, unescaped.
    Str(String),
    /// A blob literal's hex digits.
    Blob(String),
    /// A numeric literal, as written.
    Num(String),
    /// A bound parameter (`?1`, `:name`).
    Var(String),
    /// Punctuation or an operator (a fixed set: no allocation per token).
    Op(&'static str),
}

impl Tok {
    /// Whether this is the keyword `kw` (given in upper case).
    pub(crate) fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }

    /// Whether this is the punctuation `op`.
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(self, Tok::Op(o) if *o == op)
    }

    /// The identifier this token names, if it can name one (SQLite also accepts a string
    /// literal where a name is expected).
    pub(crate) fn name(&self) -> Option<String> {
        match self {
            Tok::Word(s) | Tok::Ident(s) | Tok::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// SQLite's keywords (<https://www.sqlite.org/lang_keywords.html>), upper case, sorted.
const KEYWORDS: &[&str] = &[
    "ABORT",
    "ACTION",
    "ADD",
    "AFTER",
    "ALL",
    "ALTER",
    "ALWAYS",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ATTACH",
    "AUTOINCREMENT",
    "BEFORE",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CASCADE",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "CONFLICT",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DEFAULT",
    "DEFERRABLE",
    "DEFERRED",
    "DELETE",
    "DESC",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "EACH",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXCLUDE",
    "EXCLUSIVE",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "FILTER",
    "FIRST",
    "FOLLOWING",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "GENERATED",
    "GLOB",
    "GROUP",
    "GROUPS",
    "HAVING",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INDEXED",
    "INITIALLY",
    "INNER",
    "INSERT",
    "INSTEAD",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MATCH",
    "MATERIALIZED",
    "NATURAL",
    "NO",
    "NOT",
    "NOTHING",
    "NOTNULL",
    "NULL",
    "NULLS",
    "OF",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OTHERS",
    "OUTER",
    "OVER",
    "PARTITION",
    "PLAN",
    "PRAGMA",
    "PRECEDING",
    "PRIMARY",
    "QUERY",
    "RAISE",
    "RANGE",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESTRICT",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "TABLE",
    "TEMP",
    "TEMPORARY",
    "THEN",
    "TIES",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VACUUM",
    "VALUES",
    "VIEW",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "WITHOUT",
];

/// Whether `word` is an SQLite keyword (any case).
pub(crate) fn is_keyword(word: &str) -> bool {
    // Compared upper-cased byte by byte: no allocation, and the same order as the sorted
    // upper-case list.
    KEYWORDS
        .binary_search_by(|k| k.bytes().cmp(word.bytes().map(|b| b.to_ascii_uppercase())))
        .is_ok()
}

/// Whether `name` can be written without quotes: a plain ASCII identifier, not a keyword.
pub(crate) fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name)
}

/// `name` as an SQL identifier: bare when plain, otherwise double-quoted.
pub(crate) fn render_name(name: &str) -> String {
    if is_plain_name(name) {
        name.to_string()
    } else {
        quote(name)
    }
}

/// `name` double-quoted, for statements keel runs.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Splits SQL text into tokens; whitespace and comments are dropped. Unterminated quotes or
/// comments run to the end of the text (SQLite itself accepted the text, so this only
/// matters for text it never stores).
pub(crate) fn lex(sql: &str) -> Vec<Tok> {
    // Byte by byte: every character that delimits a token is ASCII, so slicing at those
    // bytes never splits a character; non-ASCII characters are word characters unless
    // they are whitespace, as in the character-level definition.
    let b = sql.as_bytes();
    let n = b.len();
    let mut out = Vec::with_capacity(n / 4);
    let mut i = 0;
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
    while i < n {
        let c = b[i];
        if c >= 0x80 {
            let ch = sql[i..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                i += ch.len_utf8();
                continue;
            }
        }
        if c.is_ascii() && (c as char).is_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < n && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                i += 1;
            }
            i = (i + 2).min(n);
        } else if c == b'\'' {
            let (text, next) = quoted(sql, i, b'\'');
            out.push(Tok::Str(text));
            i = next;
        } else if c == b'"' || c == b'`' {
            let (text, next) = quoted(sql, i, c);
            out.push(Tok::Ident(text));
            i = next;
        } else if c == b'[' {
            let start = i + 1;
            let mut j = start;
            while j < n && b[j] != b']' {
                j += 1;
            }
            out.push(Tok::Ident(sql[start..j].to_string()));
            i = (j + 1).min(n);
        } else if (c == b'x' || c == b'X') && b.get(i + 1) == Some(&b'\'') {
            let (text, next) = quoted(sql, i + 1, b'\'');
            out.push(Tok::Blob(text));
            i = next;
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            let hex = b[start] == b'0' && matches!(b.get(start + 1), Some(b'x' | b'X'));
            while i < n {
                let d = b[i];
                if (d == b'e' || d == b'E') && matches!(b.get(i + 1), Some(b'+' | b'-')) && !hex {
                    i += 2;
                } else if d.is_ascii_alphanumeric() || d == b'_' || d == b'.' {
                    i += 1;
                } else {
                    break;
                }
            }
            let end = i.min(n);
            out.push(Tok::Num(sql[start..end].to_string()));
        } else if word_byte(c) {
            let start = i;
            while i < n && word_byte(b[i]) {
                i += 1;
            }
            out.push(Tok::Word(sql[start..i].to_string()));
        } else if matches!(c, b'?' | b':' | b'@') && b.get(i + 1).is_some_and(|&d| word_byte(d)) {
            let start = i;
            i += 1;
            while i < n && word_byte(b[i]) {
                i += 1;
            }
            out.push(Tok::Var(sql[start..i].to_string()));
        } else {
            let rest = &b[i..n.min(i + 3)];
            let op = ["->>", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->"]
                .into_iter()
                .find(|op| rest.starts_with(op.as_bytes()))
                .unwrap_or(&ASCII[c as usize..c as usize + 1]);
            i += op.len();
            out.push(Tok::Op(op));
        }
    }
    out
}

/// Every ASCII character, so that a one-character operator is a `&'static str`.
const ASCII: &str = {
    const BYTES: [u8; 128] = {
        let mut a = [0u8; 128];
        let mut i = 0;
        while i < 128 {
            a[i] = i as u8;
            i += 1;
        }
        a
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("ASCII is UTF-8"),
    }
};

/// Reads a quoted run opened at byte `start` by `quote`, where a doubled quote stands for
/// itself. Returns the content and the byte index after the closing quote.
fn quoted(sql: &str, start: usize, quote: u8) -> (String, usize) {
    let b = sql.as_bytes();
    let mut text = String::new();
    let mut from = start + 1;
    let mut i = from;
    while i < b.len() {
        if b[i] == quote {
            text.push_str(&sql[from..i]);
            if b.get(i + 1) == Some(&quote) {
                text.push(quote as char);
                i += 2;
                from = i;
                continue;
            }
            return (text, i + 1);
        }
        i += 1;
    }
    text.push_str(&sql[from.min(b.len())..]);
    (text, i)
}

/// Index of the `)` matching the `(` at `open`, or the last index.
pub(crate) fn matching(tokens: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is_op("(") {
            depth += 1;
        } else if t.is_op(")") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i;
            }
        }
    }
    tokens.len().saturating_sub(1)
}

/// Splits a token run at commas outside parentheses.
pub(crate) fn split_commas(tokens: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_op("(") {
            depth += 1;
        } else if t.is_op(")") {
            depth = depth.saturating_sub(1);
        } else if t.is_op(",") && depth == 0 {
            parts.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        parts.push(&tokens[start..]);
    }
    parts
}

/// Index of the first token at parenthesis depth 0 (from `from`) that satisfies `pred`.
fn find_top(tokens: &[Tok], from: usize, pred: impl Fn(&Tok) -> bool) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(from) {
        if t.is_op("(") {
            depth += 1;
        } else if t.is_op(")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && pred(t) {
            return Some(i);
        }
    }
    None
}

/// Removes parentheses that wrap the whole run: `((a + b))` → `a + b`.
pub(crate) fn strip_parens(mut tokens: &[Tok]) -> &[Tok] {
    while tokens.len() >= 2
        && tokens[0].is_op("(")
        && matching(tokens, 0) == tokens.len() - 1
        && tokens[tokens.len() - 1].is_op(")")
    {
        tokens = &tokens[1..tokens.len() - 1];
    }
    tokens
}

/// Renders a token run in the canonical spelling (see the module docs). A quoted identifier
/// is unquoted when it is a plain name for which `known` is true.
pub(crate) fn render(tokens: &[Tok], known: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::new();
    // Whether the previous token lets a following `-`/`+` be a sign.
    let mut sign_context = true;
    let mut prev: Option<&Tok> = None;
    let mut prev_unary = false;
    for (i, tok) in tokens.iter().enumerate() {
        let next_is_paren = tokens.get(i + 1).is_some_and(|t| t.is_op("("));
        let next_is_dot = tokens.get(i + 1).is_some_and(|t| t.is_op("."));
        let text = match tok {
            Tok::Word(w) if is_keyword(w) => w.to_ascii_uppercase(),
            // A trigger's row references.
            Tok::Word(w)
                if next_is_dot
                    && (w.eq_ignore_ascii_case("new") || w.eq_ignore_ascii_case("old")) =>
            {
                w.to_ascii_uppercase()
            }
            Tok::Word(w) if next_is_paren => w.to_ascii_lowercase(),
            Tok::Word(w) => w.clone(),
            Tok::Ident(s) if is_plain_name(s) && known(s) => s.clone(),
            Tok::Ident(s) => quote(s),
            Tok::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Tok::Blob(h) => format!("x'{}'", h.to_ascii_lowercase()),
            Tok::Num(n) => n.to_ascii_lowercase(),
            Tok::Var(v) => v.clone(),
            Tok::Op(o) => (*o).to_string(),
        };
        let unary = match tok {
            Tok::Op(o) => match *o {
                "~" => true,
                "-" | "+" => sign_context,
                _ => false,
            },
            _ => false,
        };
        let space = match prev {
            None => false,
            Some(p) => {
                !(prev_unary
                    || p.is_op("(")
                    || p.is_op(".")
                    || tok.is_op(")")
                    || tok.is_op(",")
                    || tok.is_op(".")
                    || tok.is_op(";")
                    || (tok.is_op("(")
                        && matches!(p, Tok::Ident(_) | Tok::Word(_))
                        && !matches!(p, Tok::Word(w) if is_keyword(w))))
            }
        };
        if space {
            out.push(' ');
        }
        out.push_str(&text);
        sign_context = match tok {
            Tok::Op(o) => *o != ")",
            Tok::Word(w) => {
                is_keyword(w)
                    && !matches!(
                        w.to_ascii_uppercase().as_str(),
                        "NULL" | "CURRENT_TIMESTAMP" | "CURRENT_DATE" | "CURRENT_TIME" | "END"
                    )
            }
            _ => false,
        };
        prev_unary = unary;
        prev = Some(tok);
    }
    out
}

/// A part of a PRIMARY KEY or UNIQUE constraint.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyPart {
    pub column: String,
}

/// A FOREIGN KEY / REFERENCES clause.
#[derive(Debug, Clone, Default)]
pub(crate) struct FkClause {
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// `Some(true)` for `DEFERRABLE INITIALLY DEFERRED`, `Some(false)` for plain or
    /// `INITIALLY IMMEDIATE` deferrable, `None` when not deferrable.
    pub deferred: Option<bool>,
    /// The `MATCH` name, upper case.
    pub match_name: Option<String>,
}

/// What a constraint in the CREATE TABLE text is.
#[derive(Debug, Clone)]
pub(crate) enum ConstraintKind {
    PrimaryKey,
    Unique(Vec<KeyPart>),
    Check(Vec<Tok>),
    ForeignKey(FkClause),
    NotNull,
}

/// A constraint from the CREATE TABLE text, column-level or table-level.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    /// `ON CONFLICT` resolution, upper case.
    pub on_conflict: Option<String>,
    /// The column it was declared on (column constraints).
    pub column: Option<String>,
}

/// A column definition from the CREATE TABLE text.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColumnDef {
    pub name: String,
    pub collation: Option<String>,
    pub generated: Option<Vec<Tok>>,
    pub autoincrement: bool,
}

/// What the CREATE TABLE text says beyond the pragmas.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableDef {
    pub columns: Vec<ColumnDef>,
    pub constraints: Vec<Constraint>,
}

impl TableDef {
    /// The column definition named `name` (case-insensitive, as SQLite resolves names).
    pub(crate) fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

const COLUMN_CONSTRAINT_START: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// [`parse_create_table_tokens`] of the text.
#[cfg(test)]
pub(crate) fn parse_create_table(sql: &str) -> TableDef {
    parse_create_table_tokens(&lex(sql))
}

/// Parses `CREATE TABLE name (defs) options`, already split into tokens (the inspector
/// splits each text once and hands the tokens to every reader).
pub(crate) fn parse_create_table_tokens(tokens: &[Tok]) -> TableDef {
    let mut def = TableDef::default();
    let Some(open) = tokens.iter().position(|t| t.is_op("(")) else {
        return def;
    };
    let close = matching(tokens, open);
    let body = &tokens[open + 1..close.max(open + 1)];
    for item in split_commas(body) {
        let Some(first) = item.first() else { continue };
        let table_level = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|kw| first.is_kw(kw));
        if table_level {
            parse_constraints(item, None, &mut def);
        } else if let Some(name) = first.name() {
            let rest = &item[1..];
            let type_end = find_top(rest, 0, |t| {
                COLUMN_CONSTRAINT_START.iter().any(|kw| t.is_kw(kw))
            })
            .unwrap_or(rest.len());
            def.columns.push(ColumnDef {
                name: name.clone(),
                ..ColumnDef::default()
            });
            parse_constraints(&rest[type_end..], Some(&name), &mut def);
        }
    }
    def
}

/// Reads a parenthesised list of key parts (`(a COLLATE nocase DESC, b)`) at `open`.
fn key_parts(tokens: &[Tok], open: usize) -> (Vec<KeyPart>, usize) {
    if !tokens.get(open).is_some_and(|t| t.is_op("(")) {
        return (Vec::new(), open);
    }
    let close = matching(tokens, open);
    let parts = split_commas(&tokens[open + 1..close])
        .into_iter()
        .filter_map(|p| p.first().and_then(Tok::name))
        .map(|column| KeyPart { column })
        .collect();
    (parts, close + 1)
}

/// Reads an optional `ON CONFLICT resolution` at `i`.
fn conflict(tokens: &[Tok], i: usize) -> (Option<String>, usize) {
    if tokens.get(i).is_some_and(|t| t.is_kw("ON"))
        && tokens.get(i + 1).is_some_and(|t| t.is_kw("CONFLICT"))
    {
        let res = tokens
            .get(i + 2)
            .and_then(Tok::name)
            .map(|s| s.to_ascii_uppercase());
        return (res, i + 3);
    }
    (None, i)
}

/// Parses the constraints of one column (when `column` is set) or one table constraint.
fn parse_constraints(tokens: &[Tok], column: Option<&str>, def: &mut TableDef) {
    let mut i = 0;
    let mut name: Option<String> = None;
    let col_vec = || column.map(|c| vec![c.to_string()]).unwrap_or_default();
    while i < tokens.len() {
        let t = &tokens[i];
        let push = |def: &mut TableDef,
                    kind: ConstraintKind,
                    on_conflict: Option<String>,
                    name: &mut Option<String>| {
            def.constraints.push(Constraint {
                name: name.take(),
                kind,
                on_conflict,
                column: column.map(str::to_string),
            });
        };
        if t.is_kw("CONSTRAINT") {
            name = tokens.get(i + 1).and_then(Tok::name);
            i += 2;
        } else if t.is_kw("PRIMARY") {
            i += 2; // PRIMARY KEY
            if column.is_some() {
                if tokens
                    .get(i)
                    .is_some_and(|t| t.is_kw("ASC") || t.is_kw("DESC"))
                {
                    i += 1;
                }
            } else {
                i = key_parts(tokens, i).1;
            }
            let (res, next) = conflict(tokens, i);
            i = next;
            if tokens.get(i).is_some_and(|t| t.is_kw("AUTOINCREMENT")) {
                i += 1;
                if let Some(col) = column {
                    if let Some(c) = def.columns.iter_mut().rev().find(|c| c.name == col) {
                        c.autoincrement = true;
                    }
                }
            }
            push(def, ConstraintKind::PrimaryKey, res, &mut name);
        } else if t.is_kw("UNIQUE") {
            i += 1;
            let parts = if column.is_some() {
                col_vec()
                    .into_iter()
                    .map(|column| KeyPart { column })
                    .collect()
            } else {
                let (parts, next) = key_parts(tokens, i);
                i = next;
                parts
            };
            let (res, next) = conflict(tokens, i);
            i = next;
            push(def, ConstraintKind::Unique(parts), res, &mut name);
        } else if t.is_kw("NOT") && tokens.get(i + 1).is_some_and(|t| t.is_kw("NULL")) {
            let (res, next) = conflict(tokens, i + 2);
            i = next;
            if res.is_some() {
                push(def, ConstraintKind::NotNull, res, &mut name);
            } else {
                name = None;
            }
        } else if t.is_kw("CHECK") && tokens.get(i + 1).is_some_and(|t| t.is_op("(")) {
            let close = matching(tokens, i + 1);
            let expr = tokens[i + 2..close.max(i + 2)].to_vec();
            i = close + 1;
            let (res, next) = conflict(tokens, i);
            i = next;
            push(def, ConstraintKind::Check(expr), res, &mut name);
        } else if t.is_kw("DEFAULT") {
            i += 1;
            if tokens.get(i).is_some_and(|t| t.is_op("(")) {
                i = matching(tokens, i) + 1;
            } else if tokens.get(i).is_some_and(|t| t.is_op("-") || t.is_op("+")) {
                i += 2;
            } else {
                i += 1;
            }
            name = None;
        } else if t.is_kw("COLLATE") {
            let coll = tokens.get(i + 1).and_then(Tok::name);
            if let Some(col) = column {
                if let Some(c) = def.columns.iter_mut().rev().find(|c| c.name == col) {
                    c.collation = coll;
                }
            }
            i += 2;
            name = None;
        } else if t.is_kw("GENERATED") || t.is_kw("AS") {
            while i < tokens.len() && !tokens[i].is_op("(") {
                i += 1;
            }
            if i < tokens.len() {
                let close = matching(tokens, i);
                let expr = tokens[i + 1..close.max(i + 1)].to_vec();
                i = close + 1;
                if let Some(col) = column {
                    if let Some(c) = def.columns.iter_mut().rev().find(|c| c.name == col) {
                        c.generated = Some(expr);
                    }
                }
            }
            name = None;
        } else if t.is_kw("REFERENCES") {
            let (mut fk, next) = fk_clause(tokens, i + 1);
            fk.columns = col_vec();
            i = next;
            push(def, ConstraintKind::ForeignKey(fk), None, &mut name);
        } else if t.is_kw("FOREIGN") {
            i += 2; // FOREIGN KEY
            let (parts, next) = key_parts(tokens, i);
            i = next;
            if tokens.get(i).is_some_and(|t| t.is_kw("REFERENCES")) {
                let (mut fk, next) = fk_clause(tokens, i + 1);
                fk.columns = parts.into_iter().map(|p| p.column).collect();
                i = next;
                push(def, ConstraintKind::ForeignKey(fk), None, &mut name);
            }
        } else {
            i += 1;
        }
    }
}

/// Parses a foreign-key clause after `REFERENCES`.
fn fk_clause(tokens: &[Tok], mut i: usize) -> (FkClause, usize) {
    let mut fk = FkClause {
        ref_table: tokens.get(i).and_then(Tok::name).unwrap_or_default(),
        ..FkClause::default()
    };
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_op("(")) {
        let (parts, next) = key_parts(tokens, i);
        fk.ref_columns = parts.into_iter().map(|p| p.column).collect();
        i = next;
    }
    while let Some(t) = tokens.get(i) {
        if t.is_kw("ON") {
            // ON DELETE|UPDATE action: the pragma reports the actions.
            i += 2;
            if tokens
                .get(i)
                .is_some_and(|t| t.is_kw("SET") || t.is_kw("NO"))
            {
                i += 2;
            } else {
                i += 1;
            }
        } else if t.is_kw("MATCH") {
            fk.match_name = tokens
                .get(i + 1)
                .and_then(Tok::name)
                .map(|s| s.to_ascii_uppercase());
            i += 2;
        } else if t.is_kw("NOT") && tokens.get(i + 1).is_some_and(|t| t.is_kw("DEFERRABLE")) {
            i += 2;
            fk.deferred = None;
            if tokens.get(i).is_some_and(|t| t.is_kw("INITIALLY")) {
                i += 2;
            }
        } else if t.is_kw("DEFERRABLE") {
            i += 1;
            fk.deferred = Some(false);
            if tokens.get(i).is_some_and(|t| t.is_kw("INITIALLY")) {
                fk.deferred = Some(tokens.get(i + 1).is_some_and(|t| t.is_kw("DEFERRED")));
                i += 2;
            }
        } else {
            break;
        }
    }
    (fk, i)
}

/// One key part of a CREATE INDEX statement.
#[derive(Debug, Clone)]
pub(crate) struct IndexTextPart {
    /// The part without its trailing `COLLATE` and `ASC`/`DESC`.
    pub expr: Vec<Tok>,
}

/// What a CREATE INDEX text says beyond the pragmas.
#[derive(Debug, Clone, Default)]
pub(crate) struct IndexDef {
    pub parts: Vec<IndexTextPart>,
    pub predicate: Option<Vec<Tok>>,
}

/// Parses `CREATE [UNIQUE] INDEX name ON table (parts) [WHERE predicate]`, already split
/// into tokens.
pub(crate) fn parse_create_index_tokens(tokens: &[Tok]) -> IndexDef {
    let mut def = IndexDef::default();
    let Some(on) = find_top(tokens, 0, |t| t.is_kw("ON")) else {
        return def;
    };
    let Some(open) = find_top(tokens, on, |t| t.is_op("(")).or_else(|| {
        tokens
            .iter()
            .skip(on)
            .position(|t| t.is_op("("))
            .map(|p| p + on)
    }) else {
        return def;
    };
    let close = matching(tokens, open);
    for part in split_commas(&tokens[open + 1..close.max(open + 1)]) {
        let mut end = part.len();
        if end > 0 && (part[end - 1].is_kw("ASC") || part[end - 1].is_kw("DESC")) {
            end -= 1;
        }
        if end >= 2 && part[end - 2].is_kw("COLLATE") {
            end -= 2;
        }
        def.parts.push(IndexTextPart {
            expr: part[..end].to_vec(),
        });
    }
    if let Some(w) = find_top(tokens, close + 1, |t| t.is_kw("WHERE")) {
        def.predicate = Some(tokens[w + 1..].to_vec());
    }
    def
}

/// Skips `CREATE [TEMP|TEMPORARY] <kind> [IF NOT EXISTS] [schema.]name` and returns the
/// index just after the name, with the name.
fn after_create_name(tokens: &[Tok], kind: &str) -> Option<(usize, String)> {
    let mut i = tokens.iter().position(|t| t.is_kw(kind))? + 1;
    if tokens.get(i).is_some_and(|t| t.is_kw("IF")) {
        i += 3;
    }
    let mut name = tokens.get(i)?.name()?;
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_op(".")) {
        name = tokens.get(i + 1)?.name()?;
        i += 2;
    }
    Some((i, name))
}

/// A view's parts: the optional column list and the query.
#[derive(Debug, Clone, Default)]
pub(crate) struct ViewDef {
    pub columns: Vec<String>,
    pub query: Vec<Tok>,
}

/// Parses `CREATE VIEW name [(columns)] AS query`.
pub(crate) fn parse_create_view(sql: &str) -> ViewDef {
    let tokens = lex(sql);
    let mut def = ViewDef::default();
    let Some((mut i, _)) = after_create_name(&tokens, "VIEW") else {
        return def;
    };
    if tokens.get(i).is_some_and(|t| t.is_op("(")) {
        let (parts, next) = key_parts(&tokens, i);
        def.columns = parts.into_iter().map(|p| p.column).collect();
        i = next;
    }
    if tokens.get(i).is_some_and(|t| t.is_kw("AS")) {
        i += 1;
    }
    def.query = tokens.get(i..).unwrap_or_default().to_vec();
    if def.query.last().is_some_and(|t| t.is_op(";")) {
        def.query.pop();
    }
    def
}

/// A trigger's header facts and its canonical definition.
#[derive(Debug, Clone, Default)]
pub(crate) struct TriggerDef {
    /// `before`, `after` or `instead of`.
    pub timing: String,
    /// `insert`, `update` or `delete`.
    pub event: String,
    /// The canonical definition: `CREATE TRIGGER name TIMING EVENT ON table FOR EACH ROW …`.
    pub definition: String,
}

/// Parses `CREATE TRIGGER name [timing] event ON table [FOR EACH ROW] [WHEN …] BEGIN … END`,
/// rendering the header in one canonical form (explicit timing, explicit `FOR EACH ROW`,
/// the table's real name).
pub(crate) fn parse_create_trigger(
    sql: &str,
    name: &str,
    table: &str,
    known: &dyn Fn(&str) -> bool,
) -> TriggerDef {
    let tokens = lex(sql);
    let mut def = TriggerDef {
        timing: "before".into(),
        ..TriggerDef::default()
    };
    let Some((mut i, _)) = after_create_name(&tokens, "TRIGGER") else {
        def.definition = render(&tokens, known);
        return def;
    };
    if tokens.get(i).is_some_and(|t| t.is_kw("BEFORE")) {
        i += 1;
    } else if tokens.get(i).is_some_and(|t| t.is_kw("AFTER")) {
        def.timing = "after".into();
        i += 1;
    } else if tokens.get(i).is_some_and(|t| t.is_kw("INSTEAD")) {
        def.timing = "instead of".into();
        i += 2;
    }
    let on = find_top(&tokens, i, |t| t.is_kw("ON")).unwrap_or(tokens.len());
    let event_tokens = &tokens[i..on];
    def.event = event_tokens
        .first()
        .and_then(Tok::name)
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default();
    let mut j = on + 2; // ON table
    if tokens.get(j).is_some_and(|t| t.is_kw("FOR")) {
        j += 3; // FOR EACH ROW
    }
    let mut body = tokens.get(j..).unwrap_or_default().to_vec();
    if body.last().is_some_and(|t| t.is_op(";")) {
        body.pop();
    }
    def.definition = format!(
        "CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
        render_name(name),
        def.timing.to_ascii_uppercase(),
        render(event_tokens, known),
        render_name(table),
        render(&body, known)
    );
    def
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn lexes_every_quoting_form_and_drops_comments() {
        let toks = lex("a \"b\"\"c\" `d` [e f] 'g''h' x'0A' -- c\n /* d */ 1.5e-3 ->> ?1");
        assert_eq!(
            toks,
            vec![
                Tok::Word("a".into()),
                Tok::Ident("b\"c".into()),
                Tok::Ident("d".into()),
                Tok::Ident("e f".into()),
                Tok::Str("g'h".into()),
                Tok::Blob("0A".into()),
                Tok::Num("1.5e-3".into()),
                Tok::Op("->>"),
                Tok::Var("?1".into()),
            ]
        );
    }

    #[test]
    fn renders_one_canonical_spelling() {
        let a = render(&lex("price>0   and Status in('a','b') -- x"), &none);
        let b = render(&lex("PRICE > 0 AND Status IN ( 'a' , 'b' )"), &none);
        assert_eq!(a, "price > 0 AND Status IN ('a', 'b')");
        assert_eq!(b, "PRICE > 0 AND Status IN ('a', 'b')");
        assert_eq!(render(&lex("DATETIME( 'now' )"), &none), "datetime('now')");
        assert_eq!(render(&lex("-1 * - a"), &none), "-1 * -a");
        assert_eq!(render(&lex("a-1"), &none), "a - 1");
        assert_eq!(render(&lex("[b] + `c`"), &|s| s == "b"), "b + \"c\"");
        assert_eq!(render(&lex("count(*)"), &none), "count(*)");
    }

    #[test]
    fn parses_table_constraints_with_names() {
        let def = parse_create_table(
            "CREATE TABLE t(\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, -- the, key\n a TEXT COLLATE NOCASE CONSTRAINT a_ck CHECK (a <> ')') REFERENCES p, \
             b AS (a || 'x') STORED, CONSTRAINT [fk b] FOREIGN KEY (b) REFERENCES q(x) DEFERRABLE INITIALLY DEFERRED, CHECK(b>0))",
        );
        assert_eq!(def.columns.len(), 3);
        assert!(def.columns[0].autoincrement);
        assert_eq!(def.columns[1].collation.as_deref(), Some("NOCASE"));
        assert!(def.columns[2].generated.is_some());
        let names: Vec<Option<&str>> = def.constraints.iter().map(|c| c.name.as_deref()).collect();
        assert_eq!(names, [None, Some("a_ck"), None, Some("fk b"), None]);
        match &def.constraints[3].kind {
            ConstraintKind::ForeignKey(fk) => {
                assert_eq!(fk.columns, ["b"]);
                assert_eq!(fk.ref_columns, ["x"]);
                assert_eq!(fk.deferred, Some(true));
            }
            other => panic!("{other:?}"),
        }
    }
}
