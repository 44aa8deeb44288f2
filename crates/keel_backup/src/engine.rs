//! The seam each database engine implements, and the helpers engines share.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use keel_driver::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::BackupError;
use crate::frame::{FrameSink, FrameSource};
use crate::stats::TableStats;

/// Row count and checksum of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSum {
    /// Rows.
    pub rows: u64,
    /// Hex SHA-256 (see the engine's documentation for what it covers).
    pub sha256: String,
}

/// Per-table sums, by table name.
pub type TableSums = BTreeMap<String, TableSum>;

/// What kind of foreign file (not written by keel) a restore reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ForeignKind {
    /// A plain SQL script (`*.sql`).
    SqlDump,
    /// A gzip-compressed SQL script (`*.sql.gz`).
    SqlGz,
    /// A SQLite database file (`*.sqlite`, `*.sqlite3`, `*.db`).
    SqliteFile,
}

/// Progress, for the CLI to draw. Library code never prints.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackupEvent {
    /// A phase begins (`snapshot`, `stream`, `verify`, `restore`, …).
    Phase(&'static str),
    /// Bytes done of a known or unknown total in the current phase.
    Bytes {
        /// Done so far.
        done: u64,
        /// The total, when known.
        total: Option<u64>,
    },
}

/// Receives [`BackupEvent`]s.
pub trait BackupObserver {
    /// Called for each event, in order.
    fn on_event(&mut self, event: &BackupEvent);
}

/// An observer that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl BackupObserver for NoProgress {
    fn on_event(&mut self, _event: &BackupEvent) {}
}

/// What an engine gets besides the connection: a place for scratch files and the observer.
pub struct EngineContext<'a> {
    pub(crate) scratch_dir: PathBuf,
    pub(crate) id: String,
    /// Progress.
    pub observer: &'a mut dyn BackupObserver,
    pub(crate) stats: Vec<TableStats>,
    pub(crate) stream_digests: bool,
    pub(crate) count: Option<std::collections::BTreeSet<(String, String)>>,
}

impl<'a> EngineContext<'a> {
    /// A context for one engine call: scratch files in `scratch_dir` named after `id`,
    /// counting every table, digests left to the artifact.
    pub(crate) fn new(
        scratch_dir: &std::path::Path,
        id: String,
        observer: &'a mut dyn BackupObserver,
    ) -> Self {
        Self {
            scratch_dir: scratch_dir.to_path_buf(),
            id,
            observer,
            stats: Vec::new(),
            count: None,
            stream_digests: false,
        }
    }

    /// Counts only `count`'s tables (all when `None`); see [`EngineContext::counts`].
    pub(crate) fn counting(
        mut self,
        count: Option<&std::collections::BTreeSet<(String, String)>>,
    ) -> Self {
        self.count = count.cloned();
        self
    }

    /// Digests as the rows stream; see [`EngineContext::stream_digests`].
    pub(crate) fn digesting(mut self, in_stream: bool) -> Self {
        self.stream_digests = in_stream;
        self
    }
}

impl EngineContext<'_> {
    /// Whether `create` computes the guard's content digests as the rows stream (a copy,
    /// which leaves no artifact) rather than leaving them to
    /// [`BackupEngine::column_digests`] (a backup: digests only prove moves, which are rare,
    /// and hashing every value was most of what counting cost).
    pub fn stream_digests(&self) -> bool {
        self.stream_digests
    }

    /// Whether `create` counts `schema.table` for the data guard: every table unless the
    /// caller named the ones a batch can change (the rest are not worth a pass).
    pub fn counts(&self, schema: &str, table: &str) -> bool {
        self.count
            .as_ref()
            .is_none_or(|set| set.contains(&(schema.to_string(), table.to_string())))
    }

    /// Records what `create` counted in one table as its rows streamed (see [`TableStats`]);
    /// the store hands these to the caller with the backup, for the data guard.
    pub fn record_stats(&mut self, stats: TableStats) {
        self.stats.push(stats);
    }

    /// A scratch file in the backup folder, named like a partial file (so an interrupted keel's
    /// leftovers are cleaned up with the partials) and removed when the guard drops.
    pub fn scratch(&self, purpose: &str) -> ScratchFile {
        ScratchFile {
            path: self.scratch_dir.join(format!(
                ".{}.{purpose}.{}.partial",
                self.id,
                std::process::id()
            )),
        }
    }
}

/// A temporary file removed (with SQLite's `-journal`, `-wal`, `-shm` companions) on drop.
#[derive(Debug)]
pub struct ScratchFile {
    path: PathBuf,
}

impl ScratchFile {
    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// One database engine's backup primitives. The algorithm around them — naming, the
/// container, temporary names, fsync, verification, rename, manifests — is written once in
/// [`crate::BackupStore`]; an engine only moves data.
///
/// Contract: every method reads or writes frames only through the given sink or source; an
/// engine never writes into the backup folder except through [`EngineContext::scratch`].
pub trait BackupEngine: Sync {
    /// `sqlite`, `postgres`, `mysql`: the manifest's `engine`.
    fn name(&self) -> &'static str;

    /// `sqlite-image` or `logical`: the header's `layout`.
    fn layout(&self) -> &'static str;

    /// Streams a consistent copy of the database into `sink` (after the header, which the
    /// store writes) and returns the per-table row counts and checksums of that copy. As the
    /// rows pass, an engine also counts each table's rows and non-NULL values per column (and,
    /// when [`EngineContext::stream_digests`] says so, the guard's content digests where it
    /// can reproduce them) and hands them to
    /// [`EngineContext::record_stats`]: the data guard's before-fingerprint, at no extra pass.
    fn create(
        &self,
        conn: &mut dyn Connection,
        sink: &mut FrameSink<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError>;

    /// Reads every frame after the header up to the trailer and recomputes the per-table sums
    /// from the data itself (deep verification). Changes nothing.
    fn check(
        &self,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError>;

    /// Replaces the database with the backup, all or nothing. The store has verified the
    /// backup and taken the safety backup before calling; the engine must still refuse (and
    /// change nothing) if the data it reads does not match the trailer.
    fn restore(
        &self,
        conn: &mut dyn Connection,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError>;

    /// Computes the guard's content digests of `columns` (schema, table, column; as
    /// [`TableStats`] names them) from the backup's frames, with the same code `create` uses
    /// to digest a stream: the before-digest of a column whose values may have moved. Returns
    /// the numbers of each table read, with `digest` set where it could be computed (a
    /// column `create` marked [`crate::ColumnStats::from_artifact`]). Changes nothing.
    fn column_digests(
        &self,
        _source: &mut FrameSource<'_>,
        _columns: &[(String, String, String)],
        _ctx: &mut EngineContext<'_>,
    ) -> Result<Vec<TableStats>, BackupError> {
        Err(BackupError::Unsupported {
            engine: self.name().to_string(),
            what: "content digests from a backup".into(),
        })
    }

    /// Writes a plain SQL script that the engine's own client restores without keel.
    fn export_sql(
        &self,
        source: &mut FrameSource<'_>,
        out: &mut dyn Write,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError>;

    /// Replaces the database with a foreign dump or file, all or nothing.
    fn restore_foreign(
        &self,
        _conn: &mut dyn Connection,
        _path: &Path,
        kind: ForeignKind,
        _ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        Err(BackupError::Unsupported {
            engine: self.name().to_string(),
            what: format!("restoring a foreign {kind:?}"),
        })
    }
}

/// Compares recomputed sums with the expected ones, naming the first table that differs.
pub fn compare_tables(
    expected: &TableSums,
    actual: &TableSums,
    expected_label: &str,
) -> Result<(), String> {
    for (name, want) in expected {
        match actual.get(name) {
            None => {
                return Err(format!(
                    "table {name} is in the {expected_label} but not in the data"
                ))
            }
            Some(got) if got.rows != want.rows => {
                return Err(format!(
                    "table {name} has {} rows, the {expected_label} says {}",
                    got.rows, want.rows
                ))
            }
            Some(got) if got.sha256 != want.sha256 => {
                return Err(format!(
                    "table {name} checksum {} differs from the {expected_label}'s {}",
                    got.sha256, want.sha256
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = actual.keys().find(|k| !expected.contains_key(*k)) {
        return Err(format!(
            "table {extra} is in the data but not in the {expected_label}"
        ));
    }
    Ok(())
}

/// An order-independent checksum of a set of rows: each row's encoding is hashed with
/// SHA-256 and the digests are added modulo 2^256 (so duplicate rows do not cancel out, as
/// they would with XOR). The result does not depend on physical row order, so a table
/// restored from a SQL script compares equal to the original. Memory is constant.
#[derive(Debug, Clone)]
pub struct RowSetHasher {
    rows: u64,
    acc: [u64; 4],
    row: Sha256,
}

impl Default for RowSetHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl RowSetHasher {
    /// An empty set.
    pub fn new() -> Self {
        Self {
            rows: 0,
            acc: [0; 4],
            row: Sha256::new(),
        }
    }

    /// Adds SQL NULL to the current row.
    pub fn null(&mut self) {
        self.row.update([0u8]);
    }

    /// Adds an integer.
    pub fn int(&mut self, v: i64) {
        self.row.update([1u8]);
        self.row.update(v.to_le_bytes());
    }

    /// Adds a float (by its bits).
    pub fn real(&mut self, v: f64) {
        self.row.update([2u8]);
        self.row.update(v.to_bits().to_le_bytes());
    }

    /// Adds text.
    pub fn text(&mut self, v: &[u8]) {
        self.row.update([3u8]);
        self.row.update((v.len() as u64).to_le_bytes());
        self.row.update(v);
    }

    /// Adds a blob.
    pub fn blob(&mut self, v: &[u8]) {
        self.row.update([4u8]);
        self.row.update((v.len() as u64).to_le_bytes());
        self.row.update(v);
    }

    /// Ends the current row and adds it to the set.
    pub fn end_row(&mut self) {
        let digest = std::mem::replace(&mut self.row, Sha256::new()).finalize();
        let mut carry = 0u128;
        for (i, limb) in self.acc.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&digest[i * 8..i * 8 + 8]);
            let sum = u128::from(*limb) + u128::from(u64::from_le_bytes(b)) + carry;
            *limb = sum as u64;
            carry = sum >> 64;
        }
        self.rows += 1;
    }

    /// Rows ended so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The table's row count and checksum.
    pub fn finish(&self) -> TableSum {
        let mut h = Sha256::new();
        h.update(b"keel-rowset-v1");
        h.update(self.rows.to_le_bytes());
        for limb in self.acc {
            h.update(limb.to_le_bytes());
        }
        TableSum {
            rows: self.rows,
            sha256: hex::encode(h.finalize()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(rows: &[i64]) -> TableSum {
        let mut h = RowSetHasher::new();
        for r in rows {
            h.int(*r);
            h.end_row();
        }
        h.finish()
    }

    #[test]
    fn row_set_hash_ignores_order_but_not_duplicates() {
        assert_eq!(set(&[1, 2, 3]), set(&[3, 1, 2]));
        assert_ne!(set(&[1, 1]), set(&[2, 2]));
        assert_ne!(set(&[1, 1, 2]), set(&[1, 2, 2]));
        assert_ne!(set(&[]), set(&[0]));
    }
}
