//! The only place where keel talks to a database.
//!
//! Everything above this crate sees a [`Connection`]: a small, synchronous trait with the
//! primitives the migrator, the history store and (later) backups need — run a statement, run
//! a query with parameters, open and close a transaction, take and release the per-database
//! runner lock. Each engine (SQLite, PostgreSQL, MySQL/MariaDB) lives in its own crate and
//! implements this trait; the binary wires them together through an explicit registry, so no
//! feature crate ever depends on a concrete driver.
//!
//! Connection strings are wrapped in [`DbUrl`], whose `Display` and `Debug` never show a
//! password, and every [`DriverError`] message passes through [`redact`] before it is stored.
//!
//! ```
//! use keel_driver::DbUrl;
//! let url = DbUrl::parse("postgres://app:s3cret@db.internal:5432/app").unwrap();
//! assert_eq!(url.to_string(), "postgres://app:***@db.internal:5432/app");
//! assert!(!format!("{url:?}").contains("s3cret"));
//! ```
//!
//! What this crate deliberately does not do: parse SQL (that is `keel_sql`), know about
//! migrations, or print anything.

#![deny(missing_docs)]

mod error;
mod scratch;
mod server;
mod url;
mod value;

pub use error::{redact, DriverError};
pub use keel_sql::Dialect;
pub use scratch::{scratch_database, scratch_name};
pub use server::{Flavor, ServerInfo, Version};
pub use url::DbUrl;
pub use value::{Bound, Row, Step, Value};

use std::time::Duration;

/// An open connection to one database.
///
/// Implementations are engine-specific; callers write their algorithm once against this trait.
/// Contract shared by every method:
/// - statements and queries run in the connection's current transaction, if one is open;
/// - errors carry the database's own message, with any password removed;
/// - nothing is printed.
pub trait Connection: Send {
    /// The server's flavour and version, read once at connect time.
    fn server(&self) -> &ServerInfo;

    /// The URL this connection was opened with (redacted when displayed).
    fn url(&self) -> &DbUrl;

    /// The name of the database (PostgreSQL database, MySQL schema, SQLite file stem), used to
    /// name lock keys, backups and journal entries.
    fn database_name(&self) -> &str;

    /// Runs one SQL statement and returns the number of rows it changed, when the engine says.
    /// Result rows, if the statement produces any, are read and discarded.
    fn execute(&mut self, sql: &str) -> Result<u64, DriverError>;

    /// Runs one statement with `?` placeholders bound to `params` (the PostgreSQL driver
    /// rewrites them to `$n`). Used for keel's own bookkeeping, never for user SQL.
    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DriverError>;

    /// Runs a query with `?` placeholders and returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DriverError>;

    /// Whether a table (or view) of this name exists in the connection's database/schema.
    fn table_exists(&mut self, name: &str) -> Result<bool, DriverError>;

    /// Whether DDL statements take part in transactions (PostgreSQL, SQLite) or commit
    /// implicitly (MySQL/MariaDB).
    fn transactional_ddl(&self) -> bool {
        self.server().dialect != Dialect::Mysql
    }

    /// Runs `steps` in order and stops at the first that fails, which comes back as
    /// `Err((index, error))`; a step runs only once every step before it has succeeded.
    /// Engines that can send several statements in one round trip and still tell which of
    /// them failed (MySQL's multi-statements) send bookkeeping together with the statement it
    /// precedes; the others send one at a time. A migration's statement is never sent before
    /// the one ahead of it has come back, so a runner that is stopped leaves nothing queued
    /// on the server.
    fn run_steps(&mut self, steps: &[Step<'_>]) -> Result<(), (usize, DriverError)> {
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Sql(sql) => self.execute(sql),
                Step::Bound(b) => self.execute_with(&b.sql, &b.params),
            }
            .map_err(|e| (i, e))?;
        }
        Ok(())
    }

    /// Opens a transaction. Nested use is not supported; the migrator opens at most one.
    /// An engine may hold the `BEGIN` back and send it with the transaction's first
    /// statement, saving a round trip.
    fn begin(&mut self) -> Result<(), DriverError> {
        self.execute("BEGIN").map(drop)
    }

    /// Commits the transaction opened by [`Connection::begin`].
    fn commit(&mut self) -> Result<(), DriverError> {
        self.execute("COMMIT").map(drop)
    }

    /// Runs `record` (keel's bookkeeping for what the transaction did) inside the transaction
    /// opened by [`Connection::begin`], then commits. An engine may send both in one round
    /// trip; either way the writes commit together with the transaction or not at all, and a
    /// failure of either leaves the transaction to [`Connection::rollback`].
    fn commit_with(&mut self, record: &[Bound]) -> Result<(), DriverError> {
        for b in record {
            self.execute_with(&b.sql, &b.params)?;
        }
        self.commit()
    }

    /// Rolls back the transaction opened by [`Connection::begin`].
    fn rollback(&mut self) -> Result<(), DriverError> {
        self.execute("ROLLBACK").map(drop)
    }

    /// Runs `steps` and then `record` (keel's bookkeeping for them) as one transaction: all
    /// of it commits, or nothing of it remains.
    ///
    /// The default is [`Connection::begin`], [`Connection::run_steps`],
    /// [`Connection::check_integrity`] and [`Connection::commit_with`], rolling back on any
    /// failure. An engine that can send the whole transaction in one message and still tell
    /// which step failed may do so; a runner stopped meanwhile then leaves either all of it
    /// committed or none of it, as with the default.
    fn run_transaction(
        &mut self,
        steps: &[Step<'_>],
        record: &[Bound],
    ) -> Result<(), TransactionError> {
        self.begin().map_err(TransactionError::Other)?;
        let ran = self
            .run_steps(steps)
            .and_then(|()| self.check_integrity().map_err(|e| (steps.len(), e)));
        if let Err((index, error)) = ran {
            self.rollback().map_err(TransactionError::Other)?;
            return Err(TransactionError::Step(index, error));
        }
        if let Err(e) = self.commit_with(record) {
            // The rollback's own error, if any, says less than the one being reported.
            let _ = self.rollback();
            return Err(TransactionError::Other(e));
        }
        Ok(())
    }

    /// An SQL expression giving, as an integer, the milliseconds the current transaction's
    /// work has taken on the server so far, where the engine has one. Bookkeeping that records
    /// how long a migration took uses it to travel in the same message as the migration
    /// (see [`Connection::run_transaction`]); `None` means the caller measures and binds it.
    fn elapsed_ms_sql(&self) -> Option<&'static str> {
        None
    }

    /// A stopwatch kept by the server, where the engine has one and sends several statements
    /// in one round trip ([`Connection::run_steps`]). A migration that runs outside a
    /// transaction starts it before its first statement; its last history write then reads it
    /// for the migration's duration, and can travel with the last statement.
    fn stopwatch(&self) -> Option<Stopwatch> {
        None
    }

    /// Takes the exclusive per-database runner lock named `key`, waiting up to `wait`.
    ///
    /// On timeout returns [`DriverError::LockTimeout`] naming who holds it, when the engine can
    /// tell. The lock is released by [`Connection::release_lock`], and in any case when the
    /// connection closes (so a killed runner never leaves it behind).
    fn acquire_lock(&mut self, key: &str, wait: Duration) -> Result<(), DriverError>;

    /// Releases the lock taken by [`Connection::acquire_lock`]. Safe to call when the lock is
    /// not held.
    fn release_lock(&mut self, key: &str) -> Result<(), DriverError>;

    /// Prepares the session for running migrations. Called once, before the lock is taken.
    /// SQLite turns foreign-key enforcement off here, as its manual prescribes for schema
    /// changes; integrity is then checked by [`Connection::check_integrity`] before each commit.
    fn prepare_for_migrations(&mut self) -> Result<(), DriverError> {
        Ok(())
    }

    /// Reads the schema into keel's canonical model (see `keel_model`), with the session
    /// pinned so that the same schema always gives the same model. Tables named in
    /// `options.exclude` (keel's and the framework's history tables) are left out; rows of
    /// `options.protect` tables are captured sorted by primary key.
    fn inspect(&mut self, options: &InspectOptions) -> Result<keel_model::Snapshot, DriverError>;

    /// Reads the same schema as [`Connection::inspect`], handing it to `sink` piece by piece
    /// (see [`keel_model::SnapshotSink`]), so `keel snapshot` can write `schema.json` without
    /// holding the whole model. Engines that inspect in chunks override this; the default
    /// builds the whole model first. A failing sink ends the read with [`DriverError::Write`].
    fn inspect_into(
        &mut self,
        options: &InspectOptions,
        sink: &mut dyn keel_model::SnapshotSink,
    ) -> Result<(), DriverError> {
        self.inspect(options)?
            .feed(sink)
            .map_err(|source| DriverError::Write { source })
    }

    /// Creates an empty scratch database beside this one (a temporary PostgreSQL database, a
    /// MySQL schema, a temporary SQLite file) and returns its URL. The caller must drop it with
    /// [`Connection::drop_scratch`] on every path.
    fn create_scratch(&mut self) -> Result<DbUrl, DriverError>;

    /// Drops a scratch database made by [`Connection::create_scratch`]. Dropping one that is
    /// already gone succeeds.
    fn drop_scratch(&mut self, scratch: &DbUrl) -> Result<(), DriverError>;

    /// Checks, inside the migration's transaction and before it commits, that the data is
    /// still consistent where the engine could not enforce it while the migration ran.
    fn check_integrity(&mut self) -> Result<(), DriverError> {
        Ok(())
    }
}

/// SQL for a stopwatch kept by the server (see [`Connection::stopwatch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopwatch {
    /// A statement that starts it.
    pub start: &'static str,
    /// An expression giving the whole milliseconds since it started.
    pub elapsed_ms: &'static str,
}

/// Why [`Connection::run_transaction`] did not commit. Either way nothing of the
/// transaction remains.
#[derive(Debug)]
pub enum TransactionError {
    /// Step `index` failed (`index == steps.len()`: the integrity check after the last step)
    /// and the transaction was rolled back.
    Step(usize, DriverError),
    /// The transaction could not be opened, its bookkeeping or commit failed, or the rollback
    /// after a failing step failed (the server then ends the transaction with the session).
    Other(DriverError),
}

/// What [`Connection::inspect`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectOptions {
    /// Tables to leave out entirely (history tables).
    pub exclude: Vec<String>,
    /// Tables whose rows are captured into `Snapshot::data`.
    pub protect: Vec<String>,
}

/// A factory for connections of one engine, registered by the binary.
pub trait Driver: Send + Sync {
    /// The URL schemes this driver accepts, e.g. `["postgres", "postgresql"]`.
    fn schemes(&self) -> &'static [&'static str];

    /// Opens a connection, failing with [`DriverError::Connect`] when the server cannot be
    /// reached or refuses the credentials.
    fn connect(&self, url: &DbUrl) -> Result<Box<dyn Connection>, DriverError>;
}

/// Opens `url` with the first driver in `drivers` that accepts its scheme.
pub fn connect(drivers: &[&dyn Driver], url: &DbUrl) -> Result<Box<dyn Connection>, DriverError> {
    let scheme = url.scheme();
    match drivers.iter().find(|d| d.schemes().contains(&scheme)) {
        Some(driver) => driver.connect(url),
        None => Err(DriverError::UnsupportedScheme {
            scheme: scheme.to_string(),
        }),
    }
}
