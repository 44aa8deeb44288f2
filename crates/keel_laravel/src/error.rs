use std::fmt;
use std::path::PathBuf;

/// A part of a migration that keel cannot follow without running PHP.
///
/// keel never guesses: a migration with an opaque part cannot be replayed statically, and the
/// report names the file, the line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opaque {
    /// The migration file.
    pub file: PathBuf,
    /// 1-based line in that file.
    pub line: usize,
    /// What keel could not follow.
    pub reason: String,
}

impl fmt::Display for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.reason)
    }
}

/// Why a Laravel project or migration could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LaravelError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not UTF-8.
    #[error("{}: line {line} is not UTF-8; save the file as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The line of the first bad byte.
        line: usize,
    },
    /// The PHP does not parse.
    #[error(
        "{}:{line}:{column}: PHP syntax error near `{near}`; fix the file (`php -l` shows PHP's own message) before keel can read it",
        path.display()
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The source text at the error.
        near: String,
    },
    /// The file parses but holds no migration.
    #[error(
        "{}: no migration found; a Laravel migration returns `new class extends Migration {{ … }}` or declares a class with an up() method",
        path.display()
    )]
    NoMigration {
        /// The file.
        path: PathBuf,
    },
    /// Laravel itself would fail at this point.
    #[error("{}:{line}: {message}", path.display())]
    WouldFail {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What Laravel would do and what to do instead.
        message: String,
    },
    /// Parts of the migrations cannot be followed statically.
    #[error("{}", opaque_message(.0))]
    Opaque(Vec<Opaque>),
    /// The `.env` file cannot be read or does not describe a usable connection.
    #[error("{}: {message}", path.display())]
    Env {
        /// The `.env` file.
        path: PathBuf,
        /// What is wrong, with the line when there is one.
        message: String,
    },
}

fn opaque_message(parts: &[Opaque]) -> String {
    let mut text = format!(
        "keel cannot follow {} part(s) of the Laravel migrations without running PHP:",
        parts.len()
    );
    for part in parts {
        text.push_str(&format!("\n  {part}"));
    }
    text.push_str(
        "\nRewrite them with literal Schema-builder calls, or move the raw SQL into DB::statement('…'); \
         `keel run -- php artisan migrate` runs the real migrator under keel's safety net",
    );
    text
}
