use std::path::PathBuf;

use keel_driver::DriverError;

/// Why a backup could not be written, read, verified or restored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    /// A file in the backup folder could not be written, read or renamed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What keel was doing (`cannot write`, `cannot rename`, …).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The disk filled up while the backup was written; the partial files were removed.
    #[error(
        "the disk holding {} is full: the backup needed more than {written} bytes (written so far) and was abandoned; \
         the partial files were removed and the database was not touched. Free space or point [backup] dir elsewhere",
        dir.display()
    )]
    DiskFull {
        /// The backup folder.
        dir: PathBuf,
        /// Bytes of backup data written before the disk filled up.
        written: u64,
    },
    /// No backup matches what the user asked for.
    #[error("no backup `{query}` in {}; `keel backup list` shows the ids", dir.display())]
    NotFound {
        /// The id, prefix or path asked for.
        query: String,
        /// The backup folder.
        dir: PathBuf,
    },
    /// A prefix matches more than one backup.
    #[error("`{query}` matches several backups ({}); give more of the id", candidates.join(", "))]
    Ambiguous {
        /// The prefix.
        query: String,
        /// The ids it matches.
        candidates: Vec<String>,
    },
    /// The artifact or its manifest is damaged or does not belong together.
    #[error("backup {id} failed verification at step {step}: {message}")]
    Invalid {
        /// The backup id.
        id: String,
        /// The verification step (1–5 of docs/backup-format.md) that failed.
        step: u8,
        /// What is wrong, naming both values.
        message: String,
    },
    /// The container stream itself is malformed (bad frame, missing trailer, …).
    #[error("the backup stream is damaged: {0}")]
    Corrupt(String),
    /// Encryption or decryption failed (bad recipient, wrong or missing identity).
    #[error("{0}")]
    Crypto(String),
    /// The database refused or failed while it was being backed up or restored.
    #[error(transparent)]
    Driver(#[from] DriverError),
    /// The engine failed with its own message.
    #[error("{0}")]
    Engine(String),
    /// The database holds objects the engine cannot reproduce exactly, so no backup was
    /// written (one that silently lost them would be worse than none).
    #[error(
        "keel cannot back up {objects} exactly, so it wrote no backup; take this one with \
         {tool} instead (and pass --no-backup to migrate or rollback)"
    )]
    NotExact {
        /// What was found, with names (`rewrite rules (r on public.t)`).
        objects: String,
        /// The engine's own dump tool (`pg_dump`, `mariadb-dump`).
        tool: String,
    },
    /// This engine cannot do this yet.
    #[error("{what} is not available for {engine} yet")]
    Unsupported {
        /// The engine (`postgres`, `mysql`).
        engine: String,
        /// The operation.
        what: String,
    },
}

impl BackupError {
    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Whether the error is the disk filling up (ENOSPC or EDQUOT), anywhere in the chain.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Self::DiskFull { .. } => true,
            Self::Io { source, .. } => is_disk_full(source),
            Self::Engine(m) => {
                m.contains("database or disk is full") || m.contains("No space left")
            }
            Self::Driver(e) => {
                let m = e.to_string();
                m.contains("database or disk is full") || m.contains("No space left")
            }
            _ => false,
        }
    }
}

pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(e.raw_os_error(), Some(28) | Some(122))
}
