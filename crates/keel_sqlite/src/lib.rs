//! keel's SQLite driver: the embedded default, built on a bundled SQLite so that keel needs
//! nothing installed.
//!
//! Two engine facts shape it:
//! - The runner lock is an immediate transaction (`BEGIN IMMEDIATE`): it holds SQLite's
//!   reserved lock, so a second runner — or any other writer — waits for it, and a killed
//!   runner releases it with its process. While it is held, each migration's own
//!   transaction is a savepoint inside it.
//! - Schema changes run with `foreign_keys` off, as the SQLite manual prescribes for table
//!   rebuilds (otherwise `DROP TABLE` on a parent silently cascades into its children), and
//!   `PRAGMA foreign_key_check` must come back empty before a migration commits.

mod backup;
mod connection;
mod digest;
mod inspect;

pub use backup::{clone_database, SqliteBackup};
pub use connection::{SqliteConnection, SqliteDriver};
