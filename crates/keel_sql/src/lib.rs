//! Per-dialect SQL statement splitter.
//!
//! A migration file usually holds several statements, but database drivers
//! execute one statement at a time (or, when they accept several, report
//! errors without saying which one failed). This crate cuts a script into its
//! statements, remembering where each one starts, so keel can run them one
//! by one and point at the exact line of a failing statement.
//!
//! ```
//! use keel_sql::{split, Dialect};
//!
//! let script = "\
//! -- create the table
//! CREATE TABLE t (id INTEGER, note TEXT DEFAULT 'a;b');
//! /* a comment; with a semicolon */
//! INSERT INTO t VALUES (1, 'it''s');
//! ";
//! let statements = split(script, Dialect::Sqlite)?;
//! assert_eq!(statements.len(), 2);
//! assert_eq!(statements[0].text, "CREATE TABLE t (id INTEGER, note TEXT DEFAULT 'a;b')");
//! assert_eq!((statements[0].line, statements[0].column), (2, 1));
//! assert_eq!(statements[1].text, "INSERT INTO t VALUES (1, 'it''s')");
//! assert_eq!(statements[1].line, 4);
//! # Ok::<(), keel_sql::SplitError>(())
//! ```
//!
//! # What it understands
//!
//! The splitter is a single forward scan over the bytes of the source (no
//! regular expressions, no backtracking), so it runs in time linear in the
//! size of the input. It knows just enough of each dialect's *lexical* rules
//! to tell a statement-ending delimiter from a `;` that is data:
//!
//! * comments: `-- …` (in MySQL only when followed by whitespace or a control
//!   character), `#` (MySQL), `/* … */` (nesting in PostgreSQL; MySQL's
//!   executable `/*! … */` and hint `/*+ … */` comments count as statement
//!   text);
//! * string literals `'…'` (with `''`), MySQL `"…"` strings and backslash
//!   escapes, PostgreSQL `E'…'` escape strings, PostgreSQL dollar quotes
//!   `$$…$$` / `$tag$…$tag$`;
//! * quoted identifiers `"…"` (PostgreSQL, SQLite), `` `…` `` (MySQL,
//!   SQLite) and `[…]` (SQLite);
//! * the MySQL client's `DELIMITER` command;
//! * compound statements whose bodies contain `;` — triggers, procedures,
//!   functions and events with `BEGIN … END` bodies (including `CASE … END`,
//!   `IF … END IF`, loops), PostgreSQL `BEGIN ATOMIC … END` and MariaDB's
//!   top-level `BEGIN NOT ATOMIC … END` — even when the file does not use
//!   `DELIMITER`.
//!
//! # What it deliberately does not do
//!
//! It does **not parse SQL**: it only finds statement boundaries. It does not
//! validate statements, does not know the grammar, does not rewrite or
//! normalise anything and never talks to a database. A syntactically broken
//! statement is returned as it is, so the database can report the real error.
//! Consequently an unbalanced `BEGIN … END` is not an error: the rest of the
//! input becomes the last statement. Only lexical problems a database would
//! not even get to see correctly — an unterminated string, quoted identifier,
//! block comment or dollar quote — are reported, as a [`SplitError`] pointing
//! at where the construct was opened.
//!
//! It also assumes the server's default lexical settings: MySQL with
//! backslash escapes enabled and without `ANSI_QUOTES` (so `"…"` is a
//! string), PostgreSQL with `standard_conforming_strings = on` (so only
//! `E'…'` strings honour backslashes). Unreserved keywords used as unquoted
//! identifiers inside a compound body (say, a column named `begin` or `end`)
//! can confuse block tracking; quote them (`NEW.end`, after a dot, is fine).

mod line_index;
mod scanner;

pub use line_index::LineIndex;

use std::fmt;

/// The SQL dialect whose lexical rules [`split`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
}

impl Dialect {
    /// Every dialect, in declaration order.
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

    /// The dialect's canonical lower-case name: `"sqlite"`, `"postgres"` or
    /// `"mysql"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }

    /// Looks a dialect up by name, ignoring ASCII case. Accepts the canonical
    /// names and the aliases `sqlite3`, `postgresql`, `pg` and `mariadb`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Dialect> {
        const NAMES: [(&str, Dialect); 7] = [
            ("sqlite", Dialect::Sqlite),
            ("sqlite3", Dialect::Sqlite),
            ("postgres", Dialect::Postgres),
            ("postgresql", Dialect::Postgres),
            ("pg", Dialect::Postgres),
            ("mysql", Dialect::Mysql),
            ("mariadb", Dialect::Mysql),
        ];
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, d)| d)
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One statement found by [`split`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The statement's source text, without its terminating delimiter and
    /// without surrounding whitespace. It starts at the first real token:
    /// comments directly before the statement are not included, and neither
    /// are comments between its last token and its delimiter. Comments
    /// *inside* the statement are kept verbatim.
    pub text: String,
    /// Byte offset in the source of the statement's first real token.
    pub start: usize,
    /// Byte offset just after the statement's last byte (before the
    /// delimiter); `source[start..end] == text`.
    pub end: usize,
    /// 1-based line of `start` (lines are counted by `\n`).
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
}

/// A lexical error that makes the source impossible to split reliably.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("line {line}, column {column}: {message}")]
pub struct SplitError {
    /// 1-based line where the offending construct starts.
    pub line: usize,
    /// 1-based column (in characters) where the offending construct starts.
    pub column: usize,
    /// What went wrong, e.g. `unterminated string literal starting here`.
    pub message: String,
}

/// Splits `source` into statements following the lexical rules of `dialect`.
///
/// Statements are returned in source order. Statements made only of
/// whitespace and comments (including empty ones such as `;;`) are dropped;
/// a final statement without a trailing delimiter is still returned. A
/// UTF-8 byte order mark at the start of `source` is skipped (offsets still
/// refer to `source` itself).
///
/// # Errors
///
/// Returns a [`SplitError`] for an unterminated string literal, quoted
/// identifier, block comment or dollar-quoted string (positioned where it was
/// opened) and for a MySQL `DELIMITER` command without a delimiter.
pub fn split(source: &str, dialect: Dialect) -> Result<Vec<Statement>, SplitError> {
    scanner::Splitter::new(source, dialect).run()
}
