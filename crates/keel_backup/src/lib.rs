//! keel's backups: the container format, the backup folder, and the seam each database
//! engine implements.
//!
//! [`BackupStore`] is the algorithm, written once: it names a backup
//! (`<database>-<UTC timestamp>-<reason>`), streams the engine's frames through zstd (and
//! age, when `[backup] encrypt_to` is set) into a `0600` temporary file, fsyncs, re-reads and
//! verifies it, and only then renames it and its manifest into place. It lists the folder
//! (keel backups, foreign dumps, incomplete pairs), verifies (steps 1–5 of
//! `docs/backup-format.md`), restores, exports and prunes. A [`BackupEngine`] only moves
//! data: SQLite's lives in `keel_sqlite`, PostgreSQL's in `keel_postgres`, MySQL's in
//! `keel_mysql`; what the two logical engines share (chunked row frames, checksums, reading
//! foreign dumps) is in this crate.
//!
//! ```no_run
//! # fn engine() -> &'static dyn keel_backup::BackupEngine { unimplemented!() }
//! # fn conn() -> Box<dyn keel_driver::Connection> { unimplemented!() }
//! use keel_backup::{BackupStore, CreateRequest, NoProgress};
//! let store = BackupStore::new(".keel/backups");
//! let req = CreateRequest { reason: "manual", command: "backup", encrypt_to: None, identity: None, keel_version: "0.1.0", count: None };
//! let created = store.create(engine(), conn().as_mut(), &req, &mut NoProgress)?;
//! println!("{}", created.manifest.id);
//! # Ok::<(), keel_backup::BackupError>(())
//! ```
//!
//! What this crate does not do: print, read settings, write the journal (the CLI does), or
//! talk to a database except through an engine.

#![deny(missing_docs)]

mod crypto;
mod engine;
mod error;
mod frame;
mod logical;
mod manifest;
mod stats;
mod store;

pub use crypto::AgeIdentity;
pub use engine::{
    compare_tables, BackupEngine, BackupEvent, BackupObserver, EngineContext, ForeignKind,
    NoProgress, RowSetHasher, ScratchFile, TableSum, TableSums,
};
pub use error::BackupError;
pub use frame::{Frame, FrameKind, FrameSink, FrameSource, Header, Trailer, CHUNK, MAX_FRAME};
pub use logical::{
    logical_sums, open_dump, tally_tables, ColumnInfo, DumpItem, DumpReader, LogicalItem,
    LogicalReader, TableStart, TableWriter,
};
pub use manifest::{ArtifactInfo, JournalRef, Manifest, FORMAT};
pub use stats::{
    sha256_slices, ChunkTally, ColumnStats, DigestIn, TableStats, TableTally, TallyThread,
};
pub use store::{
    BackupStore, Copied, CreateRequest, Created, EngineLookup, Entry, EntryKind, PruneReport,
    VerifyFailure, VerifyReport,
};
