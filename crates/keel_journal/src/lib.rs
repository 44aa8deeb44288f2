//! keel's journal: an append-only JSON-lines file beside the backups.
//!
//! Every state-changing command appends events here (`migrate.started`,
//! `migration.applied`, `rollback.finished`, …). The journal lives outside the database, so a
//! restore never rewinds the record of what happened; incident reports and `keel recover` are
//! built from it. Each event is written with a single `write` call to a file opened in append
//! mode and flushed to disk before the call returns, so a crash loses at most the event being
//! written and never corrupts earlier ones.
//!
//! ```
//! use keel_journal::{Journal, Event};
//! let dir = tempfile::tempdir().unwrap();
//! let journal = Journal::new(dir.path().join("journal.jsonl"));
//! journal.append(&Event::new("migrate", "sqlite://app.db", "migrate.started")).unwrap();
//! assert_eq!(journal.read_all().unwrap().len(), 1);
//! ```
//!
//! Callers pass URLs already redacted; the journal never sees a password.

use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod incident;
use time::OffsetDateTime;

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// UTC time, RFC 3339 with milliseconds.
    pub ts: String,
    /// The keel command that wrote it (`migrate`, `rollback`, `mark-applied`, …).
    pub command: String,
    /// The database, password redacted.
    pub database: String,
    /// What happened, dotted (`migration.applied`).
    pub event: String,
    /// Event-specific facts.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub details: serde_json::Value,
}

impl Event {
    /// An event stamped with the current time and no details.
    pub fn new(command: &str, database: &str, event: &str) -> Self {
        Self {
            ts: now_rfc3339(),
            command: command.to_string(),
            database: database.to_string(),
            event: event.to_string(),
            details: serde_json::Value::Null,
        }
    }

    /// Adds details.
    pub fn with(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

/// The current UTC time in RFC 3339 with exactly three fractional digits
/// (`2026-11-22T10:00:03.070Z`), so that journal timestamps sort and compare as text.
pub fn now_rfc3339() -> String {
    rfc3339_millis(OffsetDateTime::now_utc())
}

/// `t` in the journal's timestamp form (UTC, three fractional digits).
pub fn rfc3339_millis(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Why the journal could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// Creating the folder, writing or syncing failed.
    #[error("cannot write the journal {}: {source}", path.display())]
    Write {
        /// The journal file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Reading failed.
    #[error("cannot read the journal {}: {source}", path.display())]
    Read {
        /// The journal file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The journal file.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// A journal at `path`; nothing is created until the first append.
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// Where the journal lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event and syncs it to disk.
    pub fn append(&self, event: &Event) -> Result<(), JournalError> {
        let err = |source| JournalError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            if !dir.exists() {
                fs::create_dir_all(dir).map_err(err)?;
                restrict(dir, 0o700);
            }
        }
        let mut line = serde_json::to_string(event).map_err(|e| err(std::io::Error::other(e)))?;
        line.push('\n');
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path).map_err(err)?;
        file.write_all(line.as_bytes()).map_err(err)?;
        file.sync_data().map_err(err)
    }

    /// Every event, oldest first. A torn last line (a crash mid-write) is skipped.
    pub fn read_all(&self) -> Result<Vec<Event>, JournalError> {
        let file = match fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(JournalError::Read {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let mut events = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|source| JournalError::Read {
                path: self.path.clone(),
                source,
            })?;
            if let Ok(event) = serde_json::from_str(&line) {
                events.push(event);
            }
        }
        Ok(events)
    }
}

fn restrict(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_append_in_order_and_survive_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("sub/journal.jsonl"));
        journal
            .append(&Event::new("migrate", "sqlite://a.db", "migrate.started"))
            .unwrap();
        journal
            .append(
                &Event::new("migrate", "sqlite://a.db", "migration.applied")
                    .with(serde_json::json!({"id": "0001"})),
            )
            .unwrap();
        let mut f = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        f.write_all(b"{\"ts\":\"2026").unwrap();
        let events = journal.read_all().unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].details["id"], "0001");
    }

    #[cfg(unix)]
    #[test]
    fn journal_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("j/journal.jsonl"));
        journal.append(&Event::new("x", "y", "z")).unwrap();
        let mode = fs::metadata(journal.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = fs::metadata(journal.path().parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
    }
}

#[cfg(test)]
mod timestamps {
    use time::macros::datetime;

    use super::rfc3339_millis;

    #[test]
    fn timestamps_keep_three_fractional_digits_so_they_sort_as_text() {
        let a = rfc3339_millis(datetime!(2026-11-23 01:29:03.070 UTC));
        let b = rfc3339_millis(datetime!(2026-11-23 01:29:03.077 UTC));
        assert_eq!(a, "2026-11-23T01:29:03.070Z");
        assert!(a < b);
        assert_eq!(
            rfc3339_millis(datetime!(2026-01-02 03:04:05 UTC)),
            "2026-01-02T03:04:05.000Z"
        );
    }
}
