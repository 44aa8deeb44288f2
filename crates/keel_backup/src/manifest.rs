use serde::{Deserialize, Serialize};

use crate::engine::TableSums;

/// The manifest beside each artifact (`<id>.manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version (1).
    pub format: u32,
    /// The backup id: the file stem.
    pub id: String,
    /// `sqlite`, `postgres`, `mysql`.
    pub engine: String,
    /// Server (or SQLite library) version.
    pub server_version: String,
    /// The database name (never a URL).
    pub database: String,
    /// The URL with any password redacted.
    pub database_url: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Why it was taken.
    pub reason: String,
    /// The keel that wrote it.
    pub keel_version: String,
    /// `sqlite-image` or `logical`.
    pub layout: String,
    /// Whether the artifact is age-encrypted.
    pub encrypted: bool,
    /// Per-table row counts and checksums.
    pub tables: TableSums,
    /// The artifact file.
    pub artifact: ArtifactInfo,
    /// When the artifact was re-read and verified, before it got its final name.
    pub verified_at: Option<String>,
    /// The journal event that records this backup.
    pub journal_event: Option<JournalRef>,
}

/// The artifact's name, size and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactInfo {
    /// File name in the backup folder.
    pub file: String,
    /// Bytes.
    pub size_bytes: u64,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// A pointer to the journal event that made a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRef {
    /// The keel command.
    pub command: String,
    /// `backup.created`.
    pub event: String,
    /// Its timestamp.
    pub ts: String,
}

/// The container format this keel writes and reads.
pub const FORMAT: u32 = 1;
