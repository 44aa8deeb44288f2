use std::path::PathBuf;

use keel_driver::DriverError;

/// Why a migrations folder could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The folder does not exist or cannot be listed.
    #[error("cannot read the migrations folder {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not UTF-8 text.
    #[error("{}:{line}: the file is not valid UTF-8 text (byte {byte}); save it as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The line of the first invalid byte.
        line: usize,
        /// The offset of the first invalid byte.
        byte: usize,
    },
    /// Two migrations share a version.
    #[error("two migrations have version {version}: {} and {}; give one of them a new version", first.display(), second.display())]
    DuplicateVersion {
        /// The version.
        version: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// An up script has no down script.
    #[error("{} has no down script: create {} (it may hold only a comment if the migration cannot be undone)", up.display(), expected.display())]
    MissingDown {
        /// The up script.
        up: PathBuf,
        /// Where keel looked for the down.
        expected: PathBuf,
    },
    /// A down script has no up script.
    #[error("{} has no up script: create {} or remove the down script", down.display(), expected.display())]
    MissingUp {
        /// The down script.
        down: PathBuf,
        /// Where keel looked for the up.
        expected: PathBuf,
    },
    /// The folder mixes layouts.
    #[error("the migrations folder {} mixes layouts ({}: {} and {}: {}); keep one layout per folder", dir.display(), first_layout, first.display(), second_layout, second.display())]
    MixedLayouts {
        /// The folder.
        dir: PathBuf,
        /// One layout.
        first_layout: &'static str,
        /// A file of it.
        first: PathBuf,
        /// Another layout.
        second_layout: &'static str,
        /// A file of that.
        second: PathBuf,
    },
    /// A file looks like a migration but matches no layout.
    #[error("{}: {reason}", path.display())]
    Unrecognized {
        /// The file.
        path: PathBuf,
        /// What keel expected.
        reason: String,
    },
    /// A script cannot be split into statements.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Split {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Why `migrate`, `rollback` or a history edit could not do its job.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The migrations folder is unusable.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The database refused something outside a migration (history, lock).
    #[error(transparent)]
    Driver(#[from] DriverError),
    /// History and files disagree, so running would be unsafe.
    #[error("{message}")]
    OutOfSync {
        /// What disagrees and the command that fixes it.
        message: String,
    },
    /// A statement of a migration failed. Boxed: the details are large, and every other
    /// error would otherwise carry their size around.
    #[error(transparent)]
    StatementFailed(Box<StatementFailure>),
    /// The user asked for something that does not exist or does not apply.
    #[error("{message}")]
    BadRequest {
        /// What is wrong and what to do.
        message: String,
    },
}

impl MigrateError {
    /// The migration id a failure concerns, if any.
    pub fn failed_id(&self) -> Option<&str> {
        match self {
            MigrateError::StatementFailed(failure) => Some(&failure.id),
            _ => None,
        }
    }
}

/// Which statement of which migration failed, where, and what state that left.
#[derive(Debug, thiserror::Error)]
#[error("{direction} of {label} failed at {}:{line} (statement {statement} of {statements}): {message}{}", path.display(), outcome)]
pub struct StatementFailure {
    /// `migration` or `rollback`.
    pub direction: &'static str,
    /// The migration id.
    pub id: String,
    /// `<id>_<name>`.
    pub label: String,
    /// The script file.
    pub path: PathBuf,
    /// The line of the failing statement (or of the error inside it, when the engine
    /// says where).
    pub line: usize,
    /// 1-based number of the failing statement.
    pub statement: usize,
    /// How many statements the script has.
    pub statements: usize,
    /// The database's message.
    pub message: String,
    /// What state the database and history are in now, and what to do.
    pub outcome: String,
}
