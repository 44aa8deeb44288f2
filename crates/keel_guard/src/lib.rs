//! keel's data guard: it notices values a migration makes disappear, and checks integrity.
//!
//! - [`Guard`] wraps one batch (of `migrate` or `rollback`). [`Guard::plan`] reads the schema
//!   before the batch, checks its `-- keel:allows-loss` directives and works out which tables
//!   the batch could change ([`Scope`]); [`Guard::measure`] takes the *before* [`Fingerprint`]
//!   of those tables (row count, non-NULL count per column, an order-independent content digest
//!   per column) with its own aggregate queries, or [`Guard::measure_from`] takes it from the
//!   numbers the pre-batch backup counted as its rows streamed ([`Fingerprint::from_backup`]),
//!   reading only what the stream could not count; [`Guard::verdict`] reads the *after*
//!   fingerprint and names every loss, every provable move and every loss a directive allows
//!   ([`Guard::verdict_with`] computes the before-digests a move needs from the backup's
//!   artifact, through [`BackupDigests`]).
//! - [`check`] runs `keel check`: orphaned foreign-key rows (from the declared foreign keys, so
//!   also where the engine did not enforce them), NULLs in required columns, and the
//!   `[[check]]` assertions of keel.toml.
//!
//! ```no_run
//! # fn connection() -> Box<dyn keel_driver::Connection> { unimplemented!() }
//! use keel_guard::{BatchScript, Guard};
//! let mut conn = connection();
//! let batch = [BatchScript::new("0002_posts", "ALTER TABLE photos DROP COLUMN caption;")];
//! let mut guard = Guard::plan(conn.as_mut(), &Default::default(), &batch)?;
//! guard.measure(conn.as_mut())?;
//! // … run the batch …
//! let verdict = guard.verdict(conn.as_mut())?;
//! for loss in &verdict.losses {
//!     // The CLI restores the pre-batch backup here, unless --accept-loss.
//!     eprintln!("{}.{:?}: {} → {}", loss.table, loss.column, loss.before, loss.after);
//! }
//! # Ok::<(), keel_guard::GuardError>(())
//! ```
//!
//! Engine differences (identifier quoting, how a digest is computed) live behind the small
//! [`GuardSql`] trait, one implementation per engine, picked by [`sql_for`].
//!
//! What this crate does not do: take or restore backups, run migrations, print, or write the
//! journal — the CLI does those around it.

#![deny(missing_docs)]

mod additive;
mod check;
mod error;
mod fingerprint;
mod guard;
mod scope;
mod sql;

pub use check::{check, Assertion, CheckFailure, CheckReport};
pub use error::GuardError;
pub use fingerprint::{fingerprint, ColumnPrint, Digest, Fingerprint, TablePrint, TableRef};
pub use guard::{
    digests_in_backup, BackupDigests, BatchScript, Guard, Loss, LossKind, Move, RowsRemoved,
    Verdict,
};
pub use scope::{affected, Scope};
pub use sql::{sql_for, GuardSql};
