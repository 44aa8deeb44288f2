use keel_driver::DriverError;

/// Why the guard or a check could not do its job (as opposed to finding a problem, which is
/// a report).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GuardError {
    /// Reading the schema failed.
    #[error("cannot read the schema for the data guard: {0}")]
    Inspect(#[source] DriverError),
    /// Counting or digesting a table failed.
    #[error("cannot fingerprint table {table}: {source}")]
    Fingerprint {
        /// The table.
        table: String,
        /// The database's error.
        #[source]
        source: DriverError,
    },
    /// An `allows-loss` directive names a table or column that does not exist before the batch.
    #[error("{migration}: `-- keel:allows-loss {entry}` {reason}; fix the name (table or table.column) or remove the directive")]
    UnknownAllowance {
        /// The migration whose script holds the directive.
        migration: String,
        /// The entry as written.
        entry: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `[guard] required` entry names a table or column that does not exist.
    #[error("keel.toml [guard] required: `{entry}` {reason}; write it as table.column")]
    UnknownRequired {
        /// The entry as written.
        entry: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `[[check]]` query failed or did not return one number.
    #[error("[[check]] \"{name}\" could not run: {message}; fix its `sql` in keel.toml (it must return one number)")]
    Assertion {
        /// The check's name.
        name: String,
        /// The database's error, or what the query returned instead of one number.
        message: String,
    },
    /// Reading foreign keys or required columns failed.
    #[error("{what}: {source}")]
    Query {
        /// What keel was checking.
        what: String,
        /// The database's error.
        #[source]
        source: DriverError,
    },
}
