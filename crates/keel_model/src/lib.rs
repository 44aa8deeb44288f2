//! The canonical model of a database schema, and `schema.json`, its byte-stable form.
//!
//! One model serves SQLite, PostgreSQL and MySQL/MariaDB. Engines fill it through their
//! introspection code (in the driver crates); `keel snapshot` writes it, `keel verify` and
//! `keel diff` compare two of them, backups use it to prove a restore exact.
//!
//! Stability rules, so that the same schema gives the same bytes on every run and machine:
//! every map is a `BTreeMap` (sorted by key); lists keep their meaning's order (columns in
//! physical order, index parts as declared, enum values in sort order) or are sorted when the
//! order means nothing (trigger events); absent, false and empty values are not written; no
//! floats, timestamps, host names or tool versions; two-space indentation and a final newline.
//! Volatile facts (auto-increment counters, sequence positions, statistics) are never
//! modelled. Whatever an inspector sees but cannot model goes into [`Snapshot::unsupported`].
//!
//! ```
//! use keel_model::{Snapshot, Schema, Table, Column};
//! let mut snapshot = Snapshot::new("sqlite", "3.46");
//! let mut table = Table::default();
//! table.columns.push(Column::new("id", "integer"));
//! snapshot.schema_mut("main").tables.insert("users".into(), table);
//! let text = snapshot.to_json();
//! assert_eq!(Snapshot::from_json(&text).unwrap(), snapshot);
//! ```
//!
//! This crate holds data and its serialisation only: no I/O, no SQL.

#![deny(missing_docs)]

mod model;
mod snapshot;
mod stream;

pub use model::*;
pub use snapshot::{Snapshot, SnapshotError, FORMAT_VERSION};
pub use stream::{SnapshotBuilder, SnapshotSink, SnapshotWriter};
