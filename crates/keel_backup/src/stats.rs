//! What a backup counts as its rows stream past: per table, the rows and each column's
//! non-NULL values. The guard takes its before-fingerprint from these numbers instead of
//! reading every table a second time. Content digests (which only prove a move) are not
//! computed in a backup's stream: where the engine can match the data guard's SQL exactly,
//! it computes them later from the artifact, for the few columns a verdict asks about
//! ([`crate::BackupEngine::column_digests`]), with the same [`TableTally`]. A copy (which
//! leaves no artifact) still digests in its stream.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest as _, Sha256};

/// One column's numbers in a backup's snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnStats {
    /// The column's name, unquoted.
    pub name: String,
    /// Non-NULL values.
    pub values: u64,
    /// The content digest as the guard's SQL computes it on the same engine (components of
    /// per-value hash-slice sums), when it was computed; see [`ColumnStats::from_artifact`].
    pub digest: Option<Vec<u128>>,
    /// Whether the engine left the digest out of the stream but can compute it from the
    /// backup's artifact. With neither this nor `digest`, the engine cannot reproduce the
    /// guard's SQL for this column's type (the guard then reads the digest itself).
    pub from_artifact: bool,
}

/// Where a column's content digest comes from in a [`TableTally`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestIn {
    /// Computed as the values pass.
    Stream,
    /// Left out of the stream; the engine can compute it from the artifact later.
    Artifact,
    /// The engine cannot reproduce the guard's SQL for this column.
    Nowhere,
}

/// One table's numbers in a backup's snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableStats {
    /// The schema, unquoted, as the engine's schema inspection names it (`main` on SQLite
    /// and MySQL).
    pub schema: String,
    /// The table, unquoted.
    pub table: String,
    /// Rows.
    pub rows: u64,
    /// Columns in stream order (generated columns may be absent).
    pub columns: Vec<ColumnStats>,
}

const SLICE: u128 = (1 << 60) - 1;

/// The two 60-bit slices of `bytes`' SHA-256 that PostgreSQL's and MySQL's guard digests
/// sum: hex digits 1–15 and 16–30 of the SHA-256, as integers.
pub fn sha256_slices(bytes: &[u8]) -> [u128; 2] {
    let d = Sha256::digest(bytes);
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    let v = u128::from_be_bytes(b);
    [v >> 68, (v >> 8) & SLICE]
}

/// Counts one table's values as rows pass, with optional per-column digests.
#[derive(Debug, Clone)]
pub struct TableTally {
    stats: TableStats,
    digesting: Vec<bool>,
    sums: Vec<[u128; 2]>,
}

impl TableTally {
    /// A tally of `columns` (name, where its digest comes from) of `schema.table`.
    pub fn new(schema: &str, table: &str, columns: Vec<(String, DigestIn)>) -> Self {
        let digesting: Vec<bool> = columns
            .iter()
            .map(|(_, d)| *d == DigestIn::Stream)
            .collect();
        let sums = vec![[0, 0]; columns.len()];
        Self {
            stats: TableStats {
                schema: schema.to_string(),
                table: table.to_string(),
                rows: 0,
                columns: columns
                    .into_iter()
                    .map(|(name, d)| ColumnStats {
                        name,
                        values: 0,
                        digest: None,
                        from_artifact: d == DigestIn::Artifact,
                    })
                    .collect(),
            },
            digesting,
            sums,
        }
    }

    /// How many columns are counted.
    pub fn width(&self) -> usize {
        self.digesting.len()
    }

    /// Whether column `i` gets a digest.
    pub fn digests(&self, i: usize) -> bool {
        self.digesting.get(i).copied().unwrap_or(false)
    }

    /// Whether any column gets a digest (if not, an engine may count without decoding).
    pub fn digests_any(&self) -> bool {
        self.digesting.contains(&true)
    }

    /// `n` more non-NULL values in column `i`, counted without their content.
    pub fn count_values(&mut self, i: usize, n: u64) {
        if let Some(col) = self.stats.columns.get_mut(i) {
            col.values += n;
        }
    }

    /// A non-NULL value in column `i` whose digest slices the caller computed (or `None`
    /// when the column gets no digest).
    pub fn value(&mut self, i: usize, slices: Option<[u128; 2]>) {
        let Some(col) = self.stats.columns.get_mut(i) else {
            return;
        };
        col.values += 1;
        if let (Some([a, b]), true) = (slices, self.digesting[i]) {
            self.sums[i][0] += a;
            self.sums[i][1] += b;
        }
    }

    /// A non-NULL value in column `i`, digested as the SHA-256 slices of `bytes`.
    pub fn hashed_value(&mut self, i: usize, bytes: &[u8]) {
        let slices = self.digests(i).then(|| sha256_slices(bytes));
        self.value(i, slices);
    }

    /// `n` more rows.
    pub fn rows(&mut self, n: u64) {
        self.stats.rows += n;
    }

    /// The numbers.
    pub fn finish(mut self) -> TableStats {
        for (i, col) in self.stats.columns.iter_mut().enumerate() {
            if self.digesting[i] {
                col.digest = Some(self.sums[i].to_vec());
                col.from_artifact = false;
            }
        }
        self.stats
    }
}

/// A table's tally fed with chunks of the engine's row encoding, as they are written.
pub trait ChunkTally: Send + 'static {
    /// `rows` complete rows (a value may still be cut at the chunk's end).
    fn feed(&mut self, chunk: &[u8], rows: u64);
    /// The table's numbers.
    fn finish(self) -> TableStats;
}

enum Msg<T> {
    Start(T),
    Chunk(Vec<u8>, u64),
    End,
}

/// Runs [`ChunkTally`]s on a thread of their own, so hashing every value costs the backup
/// little wall time: the thread reading the database only copies each chunk into a bounded
/// queue. Counting never fails a backup: if the thread is gone, the numbers are just missing
/// (and the guard reads the tables itself).
pub struct TallyThread<T: ChunkTally> {
    tx: Option<SyncSender<Msg<T>>>,
    handle: Option<JoinHandle<Vec<TableStats>>>,
}

impl<T: ChunkTally> Default for TallyThread<T> {
    fn default() -> Self {
        Self::spawn()
    }
}

impl<T: ChunkTally> TallyThread<T> {
    /// Starts the thread.
    pub fn spawn() -> Self {
        // A few chunks of slack: memory stays a few MiB whatever the table's size.
        let (tx, rx) = sync_channel::<Msg<T>>(4);
        let handle = std::thread::Builder::new()
            .name("keel-backup-tally".into())
            .spawn(move || {
                let mut done = Vec::new();
                let mut current: Option<T> = None;
                for msg in rx {
                    match msg {
                        Msg::Start(t) => current = Some(t),
                        Msg::Chunk(chunk, rows) => {
                            if let Some(t) = current.as_mut() {
                                t.feed(&chunk, rows);
                            }
                        }
                        Msg::End => done.extend(current.take().map(T::finish)),
                    }
                }
                done
            })
            .ok();
        Self {
            tx: handle.is_some().then_some(tx),
            handle,
        }
    }

    fn send(&mut self, msg: Msg<T>) {
        if let Some(tx) = &self.tx {
            if tx.send(msg).is_err() {
                self.tx = None;
            }
        }
    }

    /// The next chunks belong to `tally`'s table.
    pub fn start(&mut self, tally: T) {
        self.send(Msg::Start(tally));
    }

    /// A chunk of the current table holding `rows` complete rows.
    pub fn chunk(&mut self, chunk: &[u8], rows: u64) {
        if self.tx.is_some() {
            self.send(Msg::Chunk(chunk.to_vec(), rows));
        }
    }

    /// The current table is complete.
    pub fn end_table(&mut self) {
        self.send(Msg::End);
    }

    /// Waits for the thread and returns every completed table's numbers.
    pub fn finish(mut self) -> Vec<TableStats> {
        self.tx = None;
        self.handle
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_slices_are_hex_digits_1_to_15_and_16_to_30() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        let [a, b] = sha256_slices(b"abc");
        assert_eq!(a, u128::from_str_radix("ba7816bf8f01cfe", 16).unwrap());
        assert_eq!(b, u128::from_str_radix("a414140de5dae22", 16).unwrap());
    }

    #[test]
    fn a_tally_counts_values_and_sums_digests_only_where_asked() {
        let mut t = TableTally::new(
            "main",
            "t",
            vec![
                ("a".into(), DigestIn::Stream),
                ("b".into(), DigestIn::Artifact),
            ],
        );
        t.hashed_value(0, b"abc");
        t.hashed_value(0, b"abc");
        t.hashed_value(1, b"x");
        t.rows(3);
        let s = t.finish();
        assert_eq!(s.rows, 3);
        assert_eq!(s.columns[0].values, 2);
        let [a, b] = sha256_slices(b"abc");
        assert_eq!(s.columns[0].digest, Some(vec![2 * a, 2 * b]));
        assert_eq!(s.columns[1].values, 1);
        assert_eq!(s.columns[1].digest, None);
        assert!(
            s.columns[1].from_artifact,
            "b's digest is left to the artifact"
        );
    }
}
