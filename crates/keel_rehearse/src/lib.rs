//! `keel rehearse`: the pending migrations, up and then down, on a clone of the database,
//! judged by the data guard.
//!
//! The caller clones the database into a scratch database (that is engine-specific and lives
//! in the CLI) and hands [`rehearse`] a connection to the clone. On it, [`rehearse`]:
//!
//! 1. reads the schema and a full [`Fingerprint`](keel_guard::Fingerprint) (row counts,
//!    non-NULL counts and content digests of every table) — the baseline; when the clone was
//!    streamed in, the numbers counted in the stream ([`Options::streamed`]) stand in for the
//!    read wherever they are complete;
//! 2. arms the [`Guard`] over the pending batch (its before-fingerprint is the baseline's, not
//!    a second read), then applies the migrations one at a time,
//!    timing each; on PostgreSQL it first runs each transactional migration's statements in a
//!    transaction it rolls back, reading `pg_locks` for its own backend after every statement,
//!    so that the report can say which locks each statement took;
//! 3. takes the guard's verdict: what the batch lost going up;
//! 4. runs the down scripts of everything it applied, timing each;
//! 5. compares schema and fingerprint with the baseline: whatever differs is what the down
//!    scripts failed to restore.
//!
//! A script that fails is a finding ([`Failure`]), not an error: the rehearsal is there to find
//! it. [`RehearseError`] means the rehearsal itself could not be done.

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use keel_diff::Change;
use keel_driver::{Connection, Dialect, DriverError, InspectOptions, Value};
use keel_guard::{
    fingerprint, sql_for, BatchScript, Fingerprint, Guard, GuardError, Loss, TableRef, Verdict,
};
use keel_migrate::{
    HistoryStore, MigrateError, MigrateEvent, MigrateObserver, MigrateOptions, Migration, Migrator,
    PlannedMigration, RollbackOptions, RollbackTarget,
};
use keel_model::Snapshot;
use serde::Serialize;

/// How to rehearse.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which tables to leave out of the comparison (history tables).
    pub inspect: InspectOptions,
    /// How long to wait for the migration lock on the clone (nobody else uses it).
    pub lock_timeout: Duration,
    /// The clone's fingerprint as counted while its rows streamed in
    /// ([`Fingerprint::from_backup`] of the copy's stats), when the clone was made that way:
    /// the baseline then reads only the digests the stream could not compute, instead of
    /// every table.
    pub streamed: Option<Fingerprint>,
}

/// The rehearsal could not be done (the clone could not be read, history is out of sync…).
#[derive(Debug, thiserror::Error)]
pub enum RehearseError {
    /// Planning the batch failed before anything ran.
    #[error("cannot plan the pending migrations: {0}")]
    Plan(#[source] MigrateError),
    /// The data guard could not read the clone.
    #[error(transparent)]
    Guard(#[from] GuardError),
    /// The clone could not be read.
    #[error("cannot read the clone: {0}")]
    Driver(#[from] DriverError),
}

/// A lock a statement took.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Lock {
    /// `schema.table` (`dropped relation OID` for one the statement dropped, e.g. an index
    /// that went with its column).
    pub relation: String,
    /// The engine's name for the mode, e.g. `AccessExclusiveLock`.
    pub mode: String,
}

/// The locks one statement added to those its migration already held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLocks {
    /// The statement (its first line, shortened).
    pub statement: String,
    /// New locks, strongest relation first.
    pub locks: Vec<Lock>,
}

/// One migration of the rehearsal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The id.
    pub id: String,
    /// `<id>_<name>`.
    pub label: String,
    /// Milliseconds the up script took (none when it did not run or failed).
    pub up_ms: Option<u64>,
    /// Milliseconds the down script took.
    pub down_ms: Option<u64>,
    /// Locks per statement, where the engine can tell (PostgreSQL, transactional migrations).
    pub locks: Option<Vec<StatementLocks>>,
}

/// What the down scripts left different from before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difference {
    /// The table is gone.
    TableMissing,
    /// The column is gone.
    ColumnMissing,
    /// The table has a different number of rows.
    RowCount,
    /// The column has a different number of non-NULL values.
    ValueCount,
    /// Same number of values, different values.
    Content,
}

impl Difference {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Difference::TableMissing => "table not restored",
            Difference::ColumnMissing => "column not restored",
            Difference::RowCount => "rows not restored",
            Difference::ValueCount => "values not restored",
            Difference::Content => "values differ",
        }
    }
}

/// Data the down scripts did not put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRestored {
    /// The table.
    pub table: String,
    /// The column (none for the table as a whole).
    pub column: Option<String>,
    /// What differs.
    pub difference: Difference,
    /// Rows or non-NULL values before the rehearsal.
    pub before: u64,
    /// … after the down scripts.
    pub after: u64,
    /// A migration declared this loss with `-- keel:allows-loss`: no down script can bring the
    /// values back, so it does not make the rollback unclean.
    pub declared: bool,
}

/// A script that failed during the rehearsal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The migration id.
    pub migration: String,
    /// `up` or `down`.
    pub direction: &'static str,
    /// What went wrong.
    pub message: String,
}

/// Where the rehearsal's own reading went, in milliseconds (the scripts' times are in the
/// [`Step`]s).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Phases {
    /// The baseline: the clone's schema and fingerprint, and arming the guard.
    pub baseline_ms: u64,
    /// The guard's verdict after the batch went up.
    pub verdict_ms: u64,
    /// Schema and fingerprint after the down scripts, compared with the baseline.
    pub compare_ms: u64,
}

/// The rehearsal's findings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rehearsal {
    /// The pending migrations, in order.
    pub steps: Vec<Step>,
    /// What the guard found going up.
    pub verdict: Verdict,
    /// Data the down scripts did not restore.
    pub not_restored: Vec<NotRestored>,
    /// Schema the down scripts did not restore (baseline → after the down scripts).
    pub schema_not_restored: Vec<Change>,
    /// The script that failed, if one did.
    pub failure: Option<Failure>,
    /// Why locks are not reported, when they are not.
    pub locks_note: Option<String>,
    /// Where the time outside the scripts went.
    pub phases: Phases,
}

impl Rehearsal {
    /// The down scripts put schema and data back as they were (declared losses aside) and none
    /// of them failed.
    pub fn rollback_clean(&self) -> bool {
        self.schema_not_restored.is_empty()
            && self.not_restored.iter().all(|n| n.declared)
            && !matches!(&self.failure, Some(f) if f.direction == "down")
    }

    /// Nothing lost going up, the rollback is clean, and every script ran.
    pub fn ok(&self) -> bool {
        self.verdict.is_clean() && self.rollback_clean() && self.failure.is_none()
    }
}

/// Rehearses the pending `migrations` on `conn`, a clone that may be changed freely.
pub fn rehearse(
    conn: &mut dyn Connection,
    history: &dyn HistoryStore,
    migrations: &[Migration],
    options: &Options,
) -> Result<Rehearsal, RehearseError> {
    let migrate_options = MigrateOptions {
        lock_timeout: options.lock_timeout,
        applied_by: "keel rehearse".into(),
        ..MigrateOptions::default()
    };
    let planned = Migrator::new(conn, history, migrations)
        .migrate(
            &MigrateOptions {
                dry_run: true,
                ..migrate_options.clone()
            },
            &mut keel_migrate::NoObserver,
        )
        .map_err(RehearseError::Plan)?
        .planned;
    let dialect = conn.server().dialect;
    let mut report = Rehearsal {
        locks_note: locks_note(dialect).map(String::from),
        ..Rehearsal::default()
    };
    if planned.is_empty() {
        return Ok(report);
    }
    let inspect = InspectOptions {
        exclude: options.inspect.exclude.clone(),
        protect: Vec::new(),
    };
    let sql = sql_for(dialect);
    let started = Instant::now();
    let baseline_schema = conn.inspect(&inspect)?;
    let baseline = match &options.streamed {
        // A guard over every table measured from the stream is exactly the baseline: it
        // takes each table the stream counted in full, reads the digests the stream could
        // not compute, and reads whole only the tables the stream did not count.
        Some(streamed) => {
            let mut all = Guard::plan(conn, &inspect, &[])?;
            all.read_everything();
            all.measure_from(conn, streamed)?;
            all.before().clone()
        }
        None => fingerprint(
            conn,
            sql,
            &baseline_schema,
            &TableRef::all_in(&baseline_schema),
            true,
        )?,
    };

    let find = |id: &str| migrations.iter().find(|m| m.id == id);
    let batch: Vec<BatchScript> = planned
        .iter()
        .filter_map(|p| find(&p.id))
        .map(|m| BatchScript {
            migration: m.label(),
            text: m.up.text.clone(),
            allows_loss: m.up.directives().allows_loss,
        })
        .collect();
    let mut guard = Guard::plan(conn, &inspect, &batch)?;
    // The baseline holds every table with its digests: the guard reads nothing again.
    guard.measure_from(conn, &baseline)?;
    report.phases.baseline_ms = millis(started.elapsed());

    let mut applied = 0;
    for p in &planned {
        let locks = if dialect == Dialect::Postgres && p.transactional {
            probe_locks(conn, p)
        } else {
            None
        };
        let mut timer = Timer::default();
        let result = Migrator::new(conn, history, migrations).migrate(
            &MigrateOptions {
                to: Some(p.id.clone()),
                ..migrate_options.clone()
            },
            &mut timer,
        );
        report.steps.push(Step {
            id: p.id.clone(),
            label: format!("{}_{}", p.id, p.name),
            up_ms: timer.ms.get(&p.id).copied(),
            down_ms: None,
            locks,
        });
        match result {
            Ok(r) => applied += r.applied.len(),
            Err(e) => {
                report.failure = Some(Failure {
                    migration: p.id.clone(),
                    direction: "up",
                    message: e.to_string(),
                });
                break;
            }
        }
    }
    let started = Instant::now();
    report.verdict = guard.verdict(conn)?;
    report.phases.verdict_ms = millis(started.elapsed());

    if applied > 0 {
        let mut timer = Timer::default();
        let result = Migrator::new(conn, history, migrations).rollback(
            &RollbackOptions {
                target: RollbackTarget::Steps(applied),
                lock_timeout: options.lock_timeout,
            },
            &mut timer,
        );
        for step in &mut report.steps {
            step.down_ms = timer.ms.get(&step.id).copied();
        }
        if let Err(e) = result {
            report.failure.get_or_insert(Failure {
                migration: e.failed_id().unwrap_or_default().to_string(),
                direction: "down",
                message: e.to_string(),
            });
        }
    }

    let started = Instant::now();
    let after_schema = conn.inspect(&inspect)?;
    report.schema_not_restored = keel_diff::compare(&baseline_schema, &after_schema);
    let after = fingerprint(
        conn,
        sql,
        &after_schema,
        &TableRef::all_in(&baseline_schema),
        true,
    )?;
    report.not_restored = differences(&baseline, &after, &after_schema, &report.verdict);
    report.phases.compare_ms = millis(started.elapsed());
    Ok(report)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Why this engine's report has no locks.
fn locks_note(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Postgres => None,
        Dialect::Sqlite => Some(
            "SQLite has no per-table locks: every migration holds the write lock on the whole database file while it runs",
        ),
        Dialect::Mysql => Some(
            "MySQL/MariaDB: locks are not reported (metadata locks are only visible with performance_schema instrumentation, which keel does not require)",
        ),
    }
}

/// Runs `migration`'s statements in a transaction that is rolled back, reading after each
/// statement the relation locks this backend holds. `None` when a statement fails there: the
/// real run right after reports that failure properly.
fn probe_locks(
    conn: &mut dyn Connection,
    migration: &PlannedMigration,
) -> Option<Vec<StatementLocks>> {
    conn.begin().ok()?;
    let mut held: BTreeSet<Lock> = BTreeSet::new();
    let mut out = Vec::new();
    let result = (|| -> Result<(), DriverError> {
        for statement in &migration.statements {
            conn.execute(statement)?;
            let now = held_locks(conn)?;
            let mut new: Vec<Lock> = now.difference(&held).cloned().collect();
            new.sort_by(|a, b| strength(&b.mode).cmp(&strength(&a.mode)).then(a.cmp(b)));
            out.push(StatementLocks {
                statement: shorten(statement),
                locks: new,
            });
            held = now;
        }
        Ok(())
    })();
    let _ = conn.rollback();
    result.ok().map(|()| out)
}

fn held_locks(conn: &mut dyn Connection) -> Result<BTreeSet<Lock>, DriverError> {
    // The catalogs this very query reads are locked too; they are not the migration's.
    let rows = conn.query(
        "SELECT COALESCE(n.nspname || '.' || c.relname, 'dropped relation ' || l.relation::text), l.mode \
         FROM pg_catalog.pg_locks l \
         LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation \
         LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' \
         AND (n.nspname IS NULL OR (n.nspname NOT IN ('pg_catalog', 'information_schema') \
              AND n.nspname NOT LIKE 'pg\\_toast%'))",
        &[],
    )?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let text = |v: &Value| v.as_str().map(str::to_string);
            Some(Lock {
                relation: text(r.first()?)?,
                mode: text(r.get(1)?)?,
            })
        })
        .collect())
}

/// PostgreSQL's lock modes, weakest first.
fn strength(mode: &str) -> usize {
    const ORDER: [&str; 8] = [
        "AccessShareLock",
        "RowShareLock",
        "RowExclusiveLock",
        "ShareUpdateExclusiveLock",
        "ShareLock",
        "ShareRowExclusiveLock",
        "ExclusiveLock",
        "AccessExclusiveLock",
    ];
    ORDER.iter().position(|m| *m == mode).unwrap_or(0)
}

fn shorten(statement: &str) -> String {
    let line = statement.trim().lines().next().unwrap_or_default();
    let mut s: String = line.chars().take(100).collect();
    if s.len() < line.len() || statement.trim().lines().nth(1).is_some() {
        s.push('…');
    }
    s
}

/// Every table and column of the baseline whose numbers changed.
fn differences(
    baseline: &Fingerprint,
    after: &Fingerprint,
    after_schema: &Snapshot,
    verdict: &Verdict,
) -> Vec<NotRestored> {
    let present = TableRef::all_in(after_schema);
    let declared = |table: &str, column: Option<&str>| {
        verdict.allowed.iter().any(|l: &Loss| {
            l.table == table && (l.column.is_none() || l.column.as_deref() == column)
        })
    };
    let mut out = Vec::new();
    for (t, before) in &baseline.tables {
        let name = t.to_string();
        let Some(now) = after.tables.get(t).filter(|_| present.contains(t)) else {
            out.push(NotRestored {
                declared: declared(&name, None),
                table: name,
                column: None,
                difference: Difference::TableMissing,
                before: before.rows,
                after: 0,
            });
            continue;
        };
        if now.rows != before.rows {
            out.push(NotRestored {
                declared: declared(&name, None),
                table: name.clone(),
                column: None,
                difference: Difference::RowCount,
                before: before.rows,
                after: now.rows,
            });
        }
        for (c, col) in &before.columns {
            let (difference, after_values) = match now.columns.get(c) {
                None => (Difference::ColumnMissing, 0),
                Some(a) if a.values != col.values => (Difference::ValueCount, a.values),
                Some(a) if a.digest != col.digest => (Difference::Content, a.values),
                Some(_) => continue,
            };
            out.push(NotRestored {
                declared: declared(&name, Some(c)),
                table: name.clone(),
                column: Some(c.clone()),
                difference,
                before: col.values,
                after: after_values,
            });
        }
    }
    out
}

/// Remembers how long each migration took.
#[derive(Default)]
struct Timer {
    ms: BTreeMap<String, u64>,
}

impl MigrateObserver for Timer {
    fn on_event(&mut self, event: &MigrateEvent) {
        if let MigrateEvent::Finished {
            id, duration_ms, ..
        } = event
        {
            self.ms.insert(id.clone(), *duration_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_modes_rank_from_weakest_to_strongest() {
        assert!(strength("AccessExclusiveLock") > strength("ShareLock"));
        assert!(strength("ShareLock") > strength("RowExclusiveLock"));
        assert!(strength("RowExclusiveLock") > strength("AccessShareLock"));
    }

    #[test]
    fn statements_are_shown_by_their_first_line() {
        assert_eq!(
            shorten("  ALTER TABLE photos DROP COLUMN caption  "),
            "ALTER TABLE photos DROP COLUMN caption"
        );
        assert_eq!(
            shorten("CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1\n$$"),
            "CREATE FUNCTION f() RETURNS int AS $$…"
        );
        assert_eq!(shorten(&"x".repeat(150)).chars().count(), 101);
    }

    #[test]
    fn declared_losses_do_not_make_the_rollback_unclean() {
        let lost = NotRestored {
            table: "photos".into(),
            column: Some("caption".into()),
            difference: Difference::ValueCount,
            before: 2,
            after: 0,
            declared: true,
        };
        let mut r = Rehearsal {
            not_restored: vec![lost.clone()],
            ..Rehearsal::default()
        };
        assert!(r.rollback_clean() && r.ok());
        r.not_restored[0].declared = false;
        assert!(!r.rollback_clean() && !r.ok());
    }
}
