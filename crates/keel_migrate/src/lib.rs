//! Migrations: where they come from, what the database remembers of them, and how they run.
//!
//! - [`layout`] reads a migrations folder in any supported layout (keel's own, diesel, dbmate,
//!   Flyway) into [`Migration`]s, auto-detecting which one it is. Each layout is one
//!   implementation of the [`Layout`] trait, so Laravel's PHP files fit in the same way.
//! - [`history`] is what the database remembers: the [`HistoryStore`] trait and keel's own
//!   `keel_migrations` table.
//! - [`status`] compares the two: applied, pending, missing, modified, failed.
//! - [`Migrator`] is the algorithm, written once over [`keel_driver::Connection`]: one runner
//!   at a time (the database's own lock), each migration in its own transaction where the
//!   engine has transactional DDL, and — where it does not — the migration recorded as
//!   `failed` before its first statement runs, so a partial failure can never hide.
//!
//! ```no_run
//! use keel_migrate::{layout, Migrator, MigrateOptions, KeelHistory, NoObserver};
//! # fn connection() -> Box<dyn keel_driver::Connection> { unimplemented!() }
//! let set = layout::load(std::path::Path::new("migrations")).unwrap();
//! let mut conn = connection();
//! let history = KeelHistory;
//! let mut migrator = Migrator::new(conn.as_mut(), &history, &set.migrations);
//! let report = migrator.migrate(&MigrateOptions::default(), &mut NoObserver).unwrap();
//! println!("applied {:?} in batch {:?}", report.applied, report.batch);
//! ```
//!
//! Nothing here prints: progress goes to a [`MigrateObserver`], results come back as report
//! structs that the CLI renders.

#![deny(missing_docs)]

mod checksum;
mod directives;
mod error;
pub mod history;
pub mod layout;
mod migration;
mod migrator;
pub mod status;
mod version;

pub use checksum::checksum;
pub use directives::Directives;
pub use error::{MigrateError, SourceError, StatementFailure};
pub use history::{HistoryRow, HistoryStore, KeelHistory, RowState};
pub use layout::{Layout, MigrationSet};
pub use migration::{Migration, Script};
pub use migrator::{
    MarkReport, MigrateEvent, MigrateObserver, MigrateOptions, MigrateReport, Migrator, NoObserver,
    PlannedMigration, RollbackOptions, RollbackReport, RollbackTarget, LOCK_KEY,
};
pub use status::{MigrationState, MigrationStatus, StatusReport, StatusSummary};
pub use version::compare_versions;
