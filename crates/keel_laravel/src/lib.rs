//! Laravel projects, first class, without PHP.
//!
//! - [`env`]: an application is a folder with `artisan` beside `.env`; its `.env` (quotes,
//!   comments, `export`, `${VAR}`) gives the connection URL ([`env::connection_url`]).
//! - [`php`]: a migration's PHP is parsed with tree-sitter-php and read into [`ir`] — the
//!   Schema-builder calls as data. What cannot be known without running PHP (loops, variables,
//!   unknown methods) is an [`Opaque`] with file and line, never a guess.
//! - [`compile`]: the calls become the SQL Laravel 8's schema grammars would send to SQLite,
//!   PostgreSQL or MySQL, including Doctrine DBAL's SQLite table rebuild.
//! - [`source`]: `database/migrations` as keel [`keel_migrate::Migration`]s — the PHP source
//!   for status and checksums, the compiled SQL for replaying into a scratch database.
//! - [`history`]: Laravel's `migrations` table, read and written as Laravel does, plus keel's
//!   `keel_checksums` sidecar.
//!
//! ```no_run
//! use keel_laravel::{compile::ConnectionConfig, source};
//! let dir = std::path::Path::new("database/migrations");
//! let migrations = source::replayable(dir, keel_sql::Dialect::Sqlite, &ConnectionConfig::default())?;
//! # Ok::<(), keel_laravel::LaravelError>(())
//! ```
//!
//! Nothing here prints or connects by itself.

#![deny(missing_docs)]

pub mod compile;
pub mod env;
mod error;
pub mod history;
pub mod ir;
pub mod lint;
pub mod php;
mod pluralize;
pub mod source;
pub mod write;

pub use error::{LaravelError, Opaque};
pub use history::LaravelHistory;
