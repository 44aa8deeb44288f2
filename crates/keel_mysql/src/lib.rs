//! keel's MySQL 8 and MariaDB 10.6+ driver.
//!
//! MySQL commits DDL implicitly, so a migration can never be one atomic unit here; the
//! migrator records it as `failed` before it starts and clears that only when every statement
//! has run. The runner lock is `GET_LOCK`, which belongs to the session and disappears with it.

mod backup;
mod connection;
mod inspect;
mod normalize;

pub use backup::MysqlBackup;
pub use connection::{MysqlConnection, MysqlDriver};
