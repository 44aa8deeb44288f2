use std::time::Duration;

/// Everything that can go wrong between keel and a database.
///
/// Messages never contain a password: drivers build them through [`redact`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DriverError {
    /// The URL's scheme names no engine keel supports.
    #[error("unknown database URL scheme `{scheme}`: keel supports sqlite://FILE, postgres://USER@HOST/DB and mysql://USER@HOST/DB (MariaDB too)")]
    UnsupportedScheme {
        /// The scheme as written.
        scheme: String,
    },
    /// The URL could not be understood.
    #[error("invalid database URL {url}: {reason}")]
    InvalidUrl {
        /// The URL, redacted.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The server could not be reached, or refused the connection.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL, redacted.
        url: String,
        /// The driver's explanation, redacted.
        message: String,
    },
    /// A statement or query failed on the server.
    #[error("{message}")]
    Query {
        /// The database's own error message, redacted.
        message: String,
        /// The engine's error code (SQLSTATE, MySQL error number, SQLite result code).
        code: Option<String>,
        /// Where in the statement the server located the error, as a 0-based character
        /// offset, when the engine reports it.
        position: Option<usize>,
    },
    /// Another runner holds the per-database lock.
    #[error("timed out after {}s waiting for the migration lock `{key}`{}; another keel runner is working on this database — wait for it to finish, or raise --lock-timeout", waited.as_secs(), holder.as_ref().map(|h| format!(" held by {h}")).unwrap_or_default())]
    LockTimeout {
        /// The lock's name.
        key: String,
        /// Who holds it, when the engine can tell (process id, client address, since when).
        holder: Option<String>,
        /// How long keel waited.
        waited: Duration,
    },
    /// The data broke a constraint the engine could not enforce during the migration.
    #[error("integrity check failed: {message}")]
    Integrity {
        /// What is inconsistent.
        message: String,
    },
    /// The sink of [`crate::Connection::inspect_into`] could not take the snapshot (the
    /// output file could not be written).
    #[error("cannot write the schema snapshot: {source}")]
    Write {
        /// What the writer reported.
        source: std::io::Error,
    },
}

impl DriverError {
    /// Builds a query error from an engine message, scrubbing `secret` out of it.
    pub fn query(message: impl Into<String>, secret: Option<&str>) -> Self {
        DriverError::Query {
            message: redact(&message.into(), secret),
            code: None,
            position: None,
        }
    }
}

/// Removes `secret` (a password) from `text`.
pub fn redact(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => text.replace(s, "***"),
        _ => text.to_string(),
    }
}
