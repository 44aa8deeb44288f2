//! What the database remembers about migrations.

use keel_driver::{Bound, Connection, DriverError, Value};
use serde::Serialize;

/// Whether a recorded migration completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowState {
    /// Every statement ran.
    Applied,
    /// It started and did not finish (it failed, or keel was interrupted) on an engine or in a
    /// mode where that cannot be rolled back.
    Failed,
}

impl RowState {
    fn as_str(self) -> &'static str {
        match self {
            RowState::Applied => "applied",
            RowState::Failed => "failed",
        }
    }
}

/// One row of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// The migration's version.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Checksum of the up script when it ran.
    pub checksum: String,
    /// The batch it ran in; one `migrate` is one batch.
    pub batch: i64,
    /// When it ran (RFC 3339, UTC).
    pub applied_at: String,
    /// How long it took.
    pub duration_ms: i64,
    /// `user@host` that ran it.
    pub applied_by: String,
    /// Whether it completed.
    pub state: RowState,
    /// For a failed migration, the 1-based statement that failed (or was running).
    pub failed_statement: Option<i64>,
    /// For a failed migration, the database's message.
    pub error: Option<String>,
}

/// Where history lives. keel's own table for SQL layouts; Laravel's `migrations` table plus a
/// checksum sidecar for Laravel projects.
///
/// The migrator calls [`HistoryStore::ensure`] once while holding the runner lock, then reads
/// and writes rows inside the same transaction as the migration where the engine allows it.
pub trait HistoryStore {
    /// The table(s) this store owns, left out of snapshots and diffs.
    fn tables(&self) -> &'static [&'static str];

    /// Creates the history table if it does not exist.
    fn ensure(&self, conn: &mut dyn Connection) -> Result<(), DriverError>;

    /// Every row, in no particular order; empty when the table does not exist yet (reading
    /// never creates it).
    fn load(&self, conn: &mut dyn Connection) -> Result<Vec<HistoryRow>, DriverError>;

    /// Adds a row.
    fn insert(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError>;

    /// Replaces the row with the same id.
    fn update(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError>;

    /// Removes the row with this id.
    fn delete(&self, conn: &mut dyn Connection, id: &str) -> Result<(), DriverError>;

    /// The statements [`HistoryStore::insert`] would run, so the migrator can send them in
    /// the same round trip as a migration's own statements (or its `COMMIT`). `None` (the
    /// default) means the store runs its writes itself.
    fn insert_statements(&self, _row: &HistoryRow) -> Option<Vec<Bound>> {
        None
    }

    /// The statements [`HistoryStore::insert`] would run, with the row's duration computed
    /// by the database from `elapsed_ms` (an SQL expression, see
    /// `Connection::elapsed_ms_sql`) instead of `row.duration_ms`, so that the write can be
    /// sent in the same message as the migration it times. `None` (the default) when the store
    /// cannot.
    fn insert_statements_timed(&self, _row: &HistoryRow, _elapsed_ms: &str) -> Option<Vec<Bound>> {
        None
    }

    /// The statements [`HistoryStore::update`] would run with the row's duration computed by
    /// the database from `elapsed_ms`; see [`HistoryStore::insert_statements_timed`].
    fn update_statements_timed(&self, _row: &HistoryRow, _elapsed_ms: &str) -> Option<Vec<Bound>> {
        None
    }

    /// The statements [`HistoryStore::update`] would run; see
    /// [`HistoryStore::insert_statements`].
    fn update_statements(&self, _row: &HistoryRow) -> Option<Vec<Bound>> {
        None
    }

    /// The statements [`HistoryStore::delete`] would run; see
    /// [`HistoryStore::insert_statements`].
    fn delete_statements(&self, _id: &str) -> Option<Vec<Bound>> {
        None
    }
}

/// keel's own history table, `keel_migrations`.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeelHistory;

/// The history table's name.
pub const KEEL_HISTORY_TABLE: &str = "keel_migrations";

// Portable DDL: the same text works on SQLite, PostgreSQL and MySQL. VARCHAR(191) keeps the
// primary key within MySQL's index limit for utf8mb4; times are RFC 3339 text so that every
// engine stores and returns them identically.
const CREATE: &str = "CREATE TABLE IF NOT EXISTS keel_migrations (
    id VARCHAR(191) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    checksum VARCHAR(64) NOT NULL,
    batch BIGINT NOT NULL,
    applied_at VARCHAR(40) NOT NULL,
    duration_ms BIGINT NOT NULL,
    applied_by VARCHAR(255) NOT NULL,
    state VARCHAR(16) NOT NULL,
    failed_statement BIGINT NULL,
    error TEXT NULL
)";

const COLUMNS: &str =
    "id, name, checksum, batch, applied_at, duration_ms, applied_by, state, failed_statement, error";

fn text(row: &[Value], i: usize) -> String {
    row.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl HistoryStore for KeelHistory {
    fn tables(&self) -> &'static [&'static str] {
        &[KEEL_HISTORY_TABLE]
    }

    fn ensure(&self, conn: &mut dyn Connection) -> Result<(), DriverError> {
        if conn.table_exists(KEEL_HISTORY_TABLE)? {
            return Ok(());
        }
        conn.execute(CREATE).map(drop)
    }

    fn load(&self, conn: &mut dyn Connection) -> Result<Vec<HistoryRow>, DriverError> {
        if !conn.table_exists(KEEL_HISTORY_TABLE)? {
            return Ok(Vec::new());
        }
        let rows = conn.query(&format!("SELECT {COLUMNS} FROM keel_migrations"), &[])?;
        Ok(rows
            .iter()
            .map(|r| HistoryRow {
                id: text(r, 0),
                name: text(r, 1),
                checksum: text(r, 2),
                batch: r.get(3).and_then(Value::as_i64).unwrap_or(0),
                applied_at: text(r, 4),
                duration_ms: r.get(5).and_then(Value::as_i64).unwrap_or(0),
                applied_by: text(r, 6),
                state: if text(r, 7) == "applied" {
                    RowState::Applied
                } else {
                    RowState::Failed
                },
                failed_statement: r.get(8).and_then(Value::as_i64),
                error: r.get(9).and_then(Value::as_str).map(str::to_string),
            })
            .collect())
    }

    fn insert(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError> {
        run(conn, &insert_statement(row))
    }

    fn update(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError> {
        run(conn, &update_statement(row))
    }

    fn delete(&self, conn: &mut dyn Connection, id: &str) -> Result<(), DriverError> {
        run(conn, &delete_statement(id))
    }

    fn insert_statements(&self, row: &HistoryRow) -> Option<Vec<Bound>> {
        Some(vec![insert_statement(row)])
    }

    fn insert_statements_timed(&self, row: &HistoryRow, elapsed_ms: &str) -> Option<Vec<Bound>> {
        let mut params = values(row);
        params.remove(DURATION);
        Some(vec![Bound::new(
            format!(
                "INSERT INTO keel_migrations ({COLUMNS}) VALUES (?, ?, ?, ?, ?, {elapsed_ms}, ?, ?, ?, ?)"
            ),
            params,
        )])
    }

    fn update_statements_timed(&self, row: &HistoryRow, elapsed_ms: &str) -> Option<Vec<Bound>> {
        let mut statement = update_statement(row);
        statement.params.remove(DURATION - 1); // the id moved to the end
        statement.sql = statement
            .sql
            .replace("duration_ms = ?", &format!("duration_ms = {elapsed_ms}"));
        Some(vec![statement])
    }

    fn update_statements(&self, row: &HistoryRow) -> Option<Vec<Bound>> {
        Some(vec![update_statement(row)])
    }

    fn delete_statements(&self, id: &str) -> Option<Vec<Bound>> {
        Some(vec![delete_statement(id)])
    }
}

fn run(conn: &mut dyn Connection, statement: &Bound) -> Result<(), DriverError> {
    conn.execute_with(&statement.sql, &statement.params)
        .map(drop)
}

fn insert_statement(row: &HistoryRow) -> Bound {
    Bound::new(
        format!("INSERT INTO keel_migrations ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        values(row),
    )
}

fn update_statement(row: &HistoryRow) -> Bound {
    let mut params = values(row);
    let id = params.remove(0);
    params.push(id);
    Bound::new(
        "UPDATE keel_migrations SET name = ?, checksum = ?, batch = ?, applied_at = ?, duration_ms = ?, \
         applied_by = ?, state = ?, failed_statement = ?, error = ? WHERE id = ?",
        params,
    )
}

fn delete_statement(id: &str) -> Bound {
    Bound::new(
        "DELETE FROM keel_migrations WHERE id = ?",
        vec![Value::from(id)],
    )
}

/// Where `duration_ms` is among [`values`].
const DURATION: usize = 5;

/// The row's values in [`COLUMNS`] order.
fn values(row: &HistoryRow) -> Vec<Value> {
    vec![
        row.id.as_str().into(),
        row.name.as_str().into(),
        row.checksum.as_str().into(),
        row.batch.into(),
        row.applied_at.as_str().into(),
        row.duration_ms.into(),
        row.applied_by.as_str().into(),
        row.state.as_str().into(),
        row.failed_statement.into(),
        row.error.clone().into(),
    ]
}
