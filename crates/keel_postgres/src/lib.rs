//! keel's PostgreSQL driver (13 and newer).
//!
//! The runner lock is a session-level advisory lock keyed on the database name, so it survives
//! the per-migration transactions and disappears with the session if keel is killed. DDL is
//! transactional here, so each migration and its history row commit together.

mod backup;
mod connection;
mod inspect;
mod naming;
mod normalize;

pub use backup::PostgresBackup;
pub use connection::{PostgresConnection, PostgresDriver};
