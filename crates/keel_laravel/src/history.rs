//! Laravel's `migrations` table as keel's history, with keel's checksums beside it.
//!
//! The `migrations` table (`id`, `migration`, `batch`) is read and written exactly as
//! Laravel's `DatabaseMigrationRepository` does, so `php artisan migrate:status` and keel agree
//! and either tool can carry on after the other. What Laravel does not record — the checksum
//! of the file that ran, when, by whom, and migrations that failed half-way — lives in the
//! sidecar table `keel_checksums`, which Laravel never looks at.

use keel_driver::{Connection, DriverError, Value};
use keel_migrate::{HistoryRow, HistoryStore, RowState};
use keel_sql::Dialect;

use crate::compile::{Compiler, ConnectionConfig};
use crate::ir::{Blueprint, Column, Located, Op};
use crate::source::descriptive_name;

/// Laravel's history table.
pub const MIGRATIONS_TABLE: &str = "migrations";
/// keel's sidecar.
pub const CHECKSUMS_TABLE: &str = "keel_checksums";

/// History in Laravel's `migrations` table plus `keel_checksums`.
#[derive(Debug, Default, Clone)]
pub struct LaravelHistory {
    /// The MySQL settings Laravel creates its table with.
    pub config: ConnectionConfig,
}

// Portable: the same text works on SQLite, PostgreSQL and MySQL (see KeelHistory).
const CREATE_SIDECAR: &str = "CREATE TABLE IF NOT EXISTS keel_checksums (
    migration VARCHAR(191) NOT NULL PRIMARY KEY,
    checksum VARCHAR(64) NOT NULL,
    applied_at VARCHAR(40) NOT NULL,
    duration_ms BIGINT NOT NULL,
    applied_by VARCHAR(255) NOT NULL,
    state VARCHAR(16) NOT NULL,
    failed_statement BIGINT NULL,
    error TEXT NULL
)";

fn text(row: &[Value], i: usize) -> String {
    row.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl LaravelHistory {
    /// The statements Laravel's `createRepository` runs on this engine.
    pub fn create_statements(&self, dialect: Dialect) -> Vec<String> {
        let column = |name: &str, ty: &str| Column {
            name: name.into(),
            ty: ty.into(),
            ..Column::default()
        };
        let bp = Blueprint {
            table: MIGRATIONS_TABLE.into(),
            creating: true,
            columns: vec![
                Column {
                    unsigned: true,
                    auto_increment: true,
                    ..column("id", "integer")
                },
                Column {
                    length: Some(255),
                    ..column("migration", "string")
                },
                column("batch", "integer"),
            ],
            ..Blueprint::default()
        };
        let mut compiler = Compiler::new(dialect, self.config.clone());
        compiler
            .compile(
                std::path::Path::new("migrations"),
                &[Located {
                    item: Op::Create(bp),
                    line: 0,
                }],
            )
            .map(|s| s.into_iter().map(|s| s.sql).collect())
            .unwrap_or_default()
    }

    fn write_sidecar(
        &self,
        conn: &mut dyn Connection,
        row: &HistoryRow,
    ) -> Result<(), DriverError> {
        conn.execute_with(
            "DELETE FROM keel_checksums WHERE migration = ?",
            &[Value::from(row.id.as_str())],
        )?;
        conn.execute_with(
            "INSERT INTO keel_checksums (migration, checksum, applied_at, duration_ms, applied_by, state, failed_statement, error) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                row.id.as_str().into(),
                row.checksum.as_str().into(),
                row.applied_at.as_str().into(),
                row.duration_ms.into(),
                row.applied_by.as_str().into(),
                match row.state {
                    RowState::Applied => "applied",
                    RowState::Failed => "failed",
                }
                .into(),
                row.failed_statement.into(),
                row.error.clone().into(),
            ],
        )
        .map(drop)
    }
}

impl HistoryStore for LaravelHistory {
    fn tables(&self) -> &'static [&'static str] {
        &[MIGRATIONS_TABLE, CHECKSUMS_TABLE]
    }

    fn ensure(&self, conn: &mut dyn Connection) -> Result<(), DriverError> {
        if !conn.table_exists(MIGRATIONS_TABLE)? {
            for sql in self.create_statements(conn.url().dialect()) {
                conn.execute(&sql)?;
            }
        }
        if !conn.table_exists(CHECKSUMS_TABLE)? {
            conn.execute(CREATE_SIDECAR)?;
        }
        Ok(())
    }

    fn load(&self, conn: &mut dyn Connection) -> Result<Vec<HistoryRow>, DriverError> {
        let mut sidecar = std::collections::BTreeMap::new();
        if conn.table_exists(CHECKSUMS_TABLE)? {
            for r in conn.query(
                "SELECT migration, checksum, applied_at, duration_ms, applied_by, state, failed_statement, error FROM keel_checksums",
                &[],
            )? {
                sidecar.insert(text(&r, 0), r);
            }
        }
        let mut rows = Vec::new();
        if conn.table_exists(MIGRATIONS_TABLE)? {
            for r in conn.query("SELECT migration, batch FROM migrations ORDER BY id", &[])? {
                let id = text(&r, 0);
                let extra = sidecar.remove(&id);
                let get = |i: usize| extra.as_ref().map(|e| text(e, i)).unwrap_or_default();
                rows.push(HistoryRow {
                    name: descriptive_name(&id),
                    // No sidecar row: Laravel ran it before keel was adopted; its checksum is
                    // unknown (empty), which status does not call modified.
                    checksum: get(1),
                    batch: r.get(1).and_then(Value::as_i64).unwrap_or(0),
                    applied_at: get(2),
                    duration_ms: extra
                        .as_ref()
                        .and_then(|e| e.get(3))
                        .and_then(Value::as_i64)
                        .unwrap_or(0),
                    applied_by: get(4),
                    state: RowState::Applied,
                    failed_statement: None,
                    error: None,
                    id,
                });
            }
        }
        // Sidecar rows without a Laravel row: migrations keel started that did not finish.
        for (id, e) in sidecar {
            if text(&e, 5) != "failed" {
                continue;
            }
            rows.push(HistoryRow {
                name: descriptive_name(&id),
                checksum: text(&e, 1),
                batch: 0,
                applied_at: text(&e, 2),
                duration_ms: e.get(3).and_then(Value::as_i64).unwrap_or(0),
                applied_by: text(&e, 4),
                state: RowState::Failed,
                failed_statement: e.get(6).and_then(Value::as_i64),
                error: e.get(7).and_then(Value::as_str).map(str::to_string),
                id,
            });
        }
        Ok(rows)
    }

    fn insert(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError> {
        if row.state == RowState::Applied {
            conn.execute_with(
                "INSERT INTO migrations (migration, batch) VALUES (?, ?)",
                &[row.id.as_str().into(), row.batch.into()],
            )?;
        }
        self.write_sidecar(conn, row)
    }

    fn update(&self, conn: &mut dyn Connection, row: &HistoryRow) -> Result<(), DriverError> {
        let present = !conn
            .query(
                "SELECT batch FROM migrations WHERE migration = ?",
                &[row.id.as_str().into()],
            )?
            .is_empty();
        match (row.state, present) {
            (RowState::Applied, true) => {
                conn.execute_with(
                    "UPDATE migrations SET batch = ? WHERE migration = ?",
                    &[row.batch.into(), row.id.as_str().into()],
                )?;
            }
            (RowState::Applied, false) => {
                conn.execute_with(
                    "INSERT INTO migrations (migration, batch) VALUES (?, ?)",
                    &[row.id.as_str().into(), row.batch.into()],
                )?;
            }
            (RowState::Failed, true) => {
                conn.execute_with(
                    "DELETE FROM migrations WHERE migration = ?",
                    &[row.id.as_str().into()],
                )?;
            }
            (RowState::Failed, false) => {}
        }
        self.write_sidecar(conn, row)
    }

    fn delete(&self, conn: &mut dyn Connection, id: &str) -> Result<(), DriverError> {
        conn.execute_with("DELETE FROM migrations WHERE migration = ?", &[id.into()])?;
        if conn.table_exists(CHECKSUMS_TABLE)? {
            conn.execute_with(
                "DELETE FROM keel_checksums WHERE migration = ?",
                &[id.into()],
            )?;
        }
        Ok(())
    }
}
