use std::time::{Duration, Instant};

use keel_driver::{Bound, Connection, DriverError, Step, TransactionError};
use keel_sql::Statement;
use serde::Serialize;

use crate::status::{MigrationState, StatusReport};
use crate::{
    compare_versions, HistoryRow, HistoryStore, MigrateError, Migration, RowState, Script,
    StatementFailure,
};

/// The name of the per-database runner lock.
pub const LOCK_KEY: &str = "keel";

/// How `migrate` should run.
#[derive(Debug, Clone)]
pub struct MigrateOptions {
    /// Stop after this migration (inclusive).
    pub to: Option<String>,
    /// Report what would run without touching the database.
    pub dry_run: bool,
    /// Run even though applied migrations have no file.
    pub allow_missing: bool,
    /// How long to wait for another runner.
    pub lock_timeout: Duration,
    /// Recorded in history as who ran it.
    pub applied_by: String,
}

impl Default for MigrateOptions {
    fn default() -> Self {
        Self {
            to: None,
            dry_run: false,
            allow_missing: false,
            lock_timeout: Duration::from_secs(60),
            applied_by: "keel".into(),
        }
    }
}

/// Which migrations `rollback` undoes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollbackTarget {
    /// The newest batch (the default).
    LastBatch,
    /// The newest N migrations.
    Steps(usize),
    /// Every migration of batch N.
    Batch(i64),
    /// Everything applied after this id; the id itself stays applied.
    To(String),
    /// Everything.
    All,
}

/// How `rollback` should run.
#[derive(Debug, Clone)]
pub struct RollbackOptions {
    /// What to undo.
    pub target: RollbackTarget,
    /// How long to wait for another runner.
    pub lock_timeout: Duration,
}

/// A migration `migrate --dry-run` would run, with its statements.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedMigration {
    /// Version.
    pub id: String,
    /// Name.
    pub name: String,
    /// Whether it would run inside a transaction.
    pub transactional: bool,
    /// The SQL, statement by statement.
    pub statements: Vec<String>,
}

/// What `migrate` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MigrateReport {
    /// Ids applied, in order.
    pub applied: Vec<String>,
    /// The batch they share (none when nothing ran).
    pub batch: Option<i64>,
    /// For `--dry-run`: what would run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedMigration>,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

/// What `rollback` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RollbackReport {
    /// Ids rolled back, newest first.
    pub rolled_back: Vec<String>,
    /// Things the user should know (e.g. a down script that changed since the up ran).
    pub warnings: Vec<String>,
}

/// What `mark-applied` / `mark-pending` changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MarkReport {
    /// Ids whose history row was written or removed.
    pub changed: Vec<String>,
    /// Ids that already were in the requested state.
    pub unchanged: Vec<String>,
}

/// Progress, for the CLI to render and tests to assert on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateEvent {
    /// Waiting for the runner lock.
    Locking,
    /// The work is known.
    Planned {
        /// How many migrations will run.
        count: usize,
        /// `up` or `down`.
        direction: &'static str,
    },
    /// A migration starts.
    Started {
        /// Its id.
        id: String,
        /// `<id>_<name>`.
        label: String,
        /// `up` or `down`.
        direction: &'static str,
    },
    /// A migration finished.
    Finished {
        /// Its id.
        id: String,
        /// `up` or `down`.
        direction: &'static str,
        /// How long it took.
        duration_ms: u64,
    },
}

/// Receives [`MigrateEvent`]s.
pub trait MigrateObserver {
    /// Called for every event, in order.
    fn on_event(&mut self, event: &MigrateEvent);
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct NoObserver;

impl MigrateObserver for NoObserver {
    fn on_event(&mut self, _event: &MigrateEvent) {}
}

/// Runs migrations against one connection.
pub struct Migrator<'a> {
    conn: &'a mut dyn Connection,
    history: &'a dyn HistoryStore,
    files: &'a [Migration],
}

enum Direction {
    Up,
    Down,
}

/// A change to history made as part of running a migration.
enum Write {
    Insert(HistoryRow),
    Update(HistoryRow),
    Delete(String),
}

impl<'a> Migrator<'a> {
    /// A migrator over `files` (sorted oldest first) and the history in `history`.
    pub fn new(
        conn: &'a mut dyn Connection,
        history: &'a dyn HistoryStore,
        files: &'a [Migration],
    ) -> Self {
        Self {
            conn,
            history,
            files,
        }
    }

    /// History compared with files. Reads only; never creates the history table.
    pub fn status(&mut self) -> Result<StatusReport, MigrateError> {
        let rows = self.history.load(self.conn)?;
        Ok(StatusReport::compute(self.files, &rows))
    }

    /// Applies pending migrations as one batch.
    pub fn migrate(
        &mut self,
        options: &MigrateOptions,
        observer: &mut dyn MigrateObserver,
    ) -> Result<MigrateReport, MigrateError> {
        if options.dry_run {
            let rows = self.history.load(self.conn)?;
            let status = StatusReport::compute(self.files, &rows);
            refuse_unless_clean(&status, options.allow_missing)?;
            let pending = self.pending(&rows, options.to.as_deref())?;
            let dialect = self.conn.server().dialect;
            let mut planned = Vec::new();
            for m in pending {
                planned.push(PlannedMigration {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    transactional: self.conn.transactional_ddl() && !m.up.wants_no_transaction(),
                    statements: m
                        .up
                        .statements(dialect)?
                        .into_iter()
                        .map(|s| s.text)
                        .collect(),
                });
            }
            return Ok(MigrateReport {
                planned,
                dry_run: true,
                ..MigrateReport::default()
            });
        }

        // Fail on unsplittable files and an unknown --to before taking the lock or touching
        // anything (not even creating the history table).
        let dialect = self.conn.server().dialect;
        for m in self.files {
            m.up.statements(dialect)?;
        }
        if let Some(to) = options.to.as_deref() {
            if !self.files.iter().any(|f| f.id == to) {
                return Err(unknown(to));
            }
        }
        self.conn.prepare_for_migrations()?;
        observer.on_event(&MigrateEvent::Locking);
        self.locked(options.lock_timeout, |this| {
            this.history.ensure(this.conn)?;
            // History is read only once the lock is held, so a runner that waited sees what
            // the previous one applied and does not apply it again.
            let rows = this.history.load(this.conn)?;
            let status = StatusReport::compute(this.files, &rows);
            refuse_unless_clean(&status, options.allow_missing)?;
            let pending = this.pending(&rows, options.to.as_deref())?;
            observer.on_event(&MigrateEvent::Planned {
                count: pending.len(),
                direction: "up",
            });
            let mut report = MigrateReport::default();
            if pending.is_empty() {
                return Ok(report);
            }
            let batch = rows.iter().map(|r| r.batch).max().unwrap_or(0) + 1;
            report.batch = Some(batch);
            for m in pending {
                observer.on_event(&MigrateEvent::Started {
                    id: m.id.clone(),
                    label: m.label(),
                    direction: "up",
                });
                let started = Instant::now();
                this.run_up(m, batch, &options.applied_by)?;
                report.applied.push(m.id.clone());
                observer.on_event(&MigrateEvent::Finished {
                    id: m.id.clone(),
                    direction: "up",
                    duration_ms: elapsed_ms(started),
                });
            }
            Ok(report)
        })
    }

    /// The ids `rollback` would undo for `target`, newest first, read from history without
    /// taking the lock (so the data guard can look at their down scripts first). The rollback
    /// itself reads history again under the lock.
    pub fn rollback_plan(&mut self, target: &RollbackTarget) -> Result<Vec<String>, MigrateError> {
        let rows = self.history.load(self.conn)?;
        Ok(select_rollback(&rows, target)?
            .into_iter()
            .map(|r| r.id.clone())
            .collect())
    }

    /// Runs down scripts, newest first.
    pub fn rollback(
        &mut self,
        options: &RollbackOptions,
        observer: &mut dyn MigrateObserver,
    ) -> Result<RollbackReport, MigrateError> {
        let dialect = self.conn.server().dialect;
        for m in self.files {
            m.down.statements(dialect)?;
        }
        self.conn.prepare_for_migrations()?;
        observer.on_event(&MigrateEvent::Locking);
        self.locked(options.lock_timeout, |this| {
            let rows = this.history.load(this.conn)?;
            let targets = select_rollback(&rows, &options.target)?;
            let mut report = RollbackReport::default();
            // Check every target before undoing any, so a missing file never stops a
            // rollback halfway.
            let mut plan = Vec::new();
            for row in &targets {
                let Some(file) = this.files.iter().find(|f| f.id == row.id) else {
                    return Err(MigrateError::OutOfSync {
                        message: format!(
                            "cannot roll back {}_{}: its file is missing, so there is no down script to run. \
                             Restore the file (or rebuild it with `keel reconstruct`), or forget it with `keel mark-pending {}`",
                            row.id, row.name, row.id
                        ),
                    });
                };
                if row.state == RowState::Applied && row.checksum != file.checksum {
                    report.warnings.push(format!(
                        "{} changed after it was applied; its current down script was used",
                        file.label()
                    ));
                }
                plan.push((file, *row));
            }
            observer.on_event(&MigrateEvent::Planned {
                count: plan.len(),
                direction: "down",
            });
            for (file, row) in plan {
                observer.on_event(&MigrateEvent::Started {
                    id: file.id.clone(),
                    label: file.label(),
                    direction: "down",
                });
                let started = Instant::now();
                this.run_down(file, row.clone())?;
                report.rolled_back.push(file.id.clone());
                observer.on_event(&MigrateEvent::Finished {
                    id: file.id.clone(),
                    direction: "down",
                    duration_ms: elapsed_ms(started),
                });
            }
            Ok(report)
        })
    }

    /// Records migrations as applied without running them. `ids` empty means every pending
    /// one. A modified migration gets its new checksum; a failed one becomes applied.
    pub fn mark_applied(
        &mut self,
        ids: &[String],
        applied_by: &str,
        lock_timeout: Duration,
    ) -> Result<MarkReport, MigrateError> {
        self.locked(lock_timeout, |this| {
            let rows = this.history.load(this.conn)?;
            let status = StatusReport::compute(this.files, &rows);
            let wanted: Vec<String> = if ids.is_empty() {
                status
                    .migrations
                    .iter()
                    .filter(|m| m.state == MigrationState::Pending)
                    .map(|m| m.id.clone())
                    .collect()
            } else {
                ids.to_vec()
            };
            let batch = rows.iter().map(|r| r.batch).max().unwrap_or(0) + 1;
            let mut report = MarkReport::default();
            // Every id is checked before anything is written, so a typo among them changes
            // nothing (not even creating the history table).
            let mut writes = Vec::new();
            for id in wanted {
                let row = rows.iter().find(|r| r.id == id);
                let Some(file) = this.files.iter().find(|f| f.id == id) else {
                    return Err(match row {
                        Some(r) if r.state == RowState::Failed => MigrateError::BadRequest {
                            message: format!("{id} has no file; `keel mark-pending {id}` forgets it, `keel reconstruct` rebuilds it"),
                        },
                        Some(_) => MigrateError::BadRequest {
                            message: format!("{id} is already recorded as applied (its file is missing)"),
                        },
                        None => unknown(&id),
                    });
                };
                let fresh = HistoryRow {
                    id: file.id.clone(),
                    name: file.name.clone(),
                    checksum: file.checksum.clone(),
                    batch: row.map_or(batch, |r| r.batch),
                    applied_at: row.map_or_else(now, |r| r.applied_at.clone()),
                    duration_ms: row.map_or(0, |r| r.duration_ms),
                    applied_by: applied_by.to_string(),
                    state: RowState::Applied,
                    failed_statement: None,
                    error: None,
                };
                match row {
                    Some(r) if r.state == RowState::Applied && r.checksum == file.checksum => {
                        report.unchanged.push(id);
                        continue;
                    }
                    _ => writes.push((fresh, row.is_some())),
                }
                report.changed.push(id);
            }
            if !writes.is_empty() {
                this.history.ensure(this.conn)?;
            }
            for (fresh, exists) in writes {
                if exists {
                    this.history.update(this.conn, &fresh)?;
                } else {
                    this.history.insert(this.conn, &fresh)?;
                }
            }
            Ok(report)
        })
    }

    /// Forgets migrations: removes their history rows without running anything.
    pub fn mark_pending(
        &mut self,
        ids: &[String],
        lock_timeout: Duration,
    ) -> Result<MarkReport, MigrateError> {
        self.locked(lock_timeout, |this| {
            let rows = this.history.load(this.conn)?;
            let mut report = MarkReport::default();
            // Every id is checked before any row is removed.
            for id in ids {
                if rows.iter().any(|r| &r.id == id) {
                    report.changed.push(id.clone());
                } else if this.files.iter().any(|f| &f.id == id) {
                    report.unchanged.push(id.clone());
                } else {
                    return Err(unknown(id));
                }
            }
            for id in &report.changed {
                this.history.delete(this.conn, id)?;
            }
            Ok(report)
        })
    }

    /// Runs `f` holding the runner lock, and releases it on every path.
    fn locked<T>(
        &mut self,
        timeout: Duration,
        f: impl FnOnce(&mut Self) -> Result<T, MigrateError>,
    ) -> Result<T, MigrateError> {
        self.conn.acquire_lock(LOCK_KEY, timeout)?;
        let result = f(self);
        let released = self.conn.release_lock(LOCK_KEY);
        match (result, released) {
            (Ok(value), Ok(())) => Ok(value),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e.into()),
        }
    }

    fn pending(
        &self,
        rows: &[HistoryRow],
        to: Option<&str>,
    ) -> Result<Vec<&'a Migration>, MigrateError> {
        if let Some(to) = to {
            if !self.files.iter().any(|f| f.id == to) {
                return Err(unknown(to));
            }
        }
        Ok(self
            .files
            .iter()
            .filter(|f| !rows.iter().any(|r| r.id == f.id))
            .filter(|f| to.is_none_or(|to| compare_versions(&f.id, to).is_le()))
            .collect())
    }

    fn run_up(&mut self, m: &Migration, batch: i64, applied_by: &str) -> Result<(), MigrateError> {
        let dialect = self.conn.server().dialect;
        let statements = m.up.statements(dialect)?;
        let started = Instant::now();
        let mut row = HistoryRow {
            id: m.id.clone(),
            name: m.name.clone(),
            checksum: m.checksum.clone(),
            batch,
            applied_at: now(),
            duration_ms: 0,
            applied_by: applied_by.to_string(),
            state: RowState::Applied,
            failed_statement: None,
            error: None,
        };
        if self.conn.transactional_ddl() && !m.up.wants_no_transaction() {
            // Where the database can time the migration itself, its history row travels with
            // it; otherwise the row is written once keel has timed the statements.
            let timed = self
                .conn
                .elapsed_ms_sql()
                .and_then(|elapsed| self.history.insert_statements_timed(&row, elapsed));
            let failure = self.run_transactional(&statements, timed, || {
                row.duration_ms = elapsed_ms(started) as i64;
                Write::Insert(row.clone())
            })?;
            if let Some((index, err)) = failure {
                return Err(statement_failed(
                    Direction::Up,
                    m,
                    &m.up,
                    &statements,
                    index,
                    &err,
                    "; the migration was rolled back: nothing of it remains and history is unchanged. \
                     Fix the file and run `keel migrate` again"
                        .into(),
                ));
            }
            return Ok(());
        }

        // Without transactional DDL a failure cannot be undone, so the migration is recorded
        // as failed before its first statement runs; only a complete run clears that. A
        // killed runner therefore leaves `failed`, never a silent half-applied `pending`.
        row.error = Some("interrupted: keel stopped before this migration finished".into());
        // Where the server keeps the time, the write that marks the migration applied (and
        // says how long it took) travels with its last statement.
        let finish = self.conn.stopwatch().and_then(|watch| {
            let mut done = row.clone();
            done.state = RowState::Applied;
            done.failed_statement = None;
            done.error = None;
            Some(Finish {
                start: Some(Bound::new(watch.start, Vec::new())),
                writes: self
                    .history
                    .update_statements_timed(&done, watch.elapsed_ms)?,
            })
        });
        let finished = finish.is_some();
        let failure = self.run_tracked(&statements, &mut row, Write::Insert, finish)?;
        if let Some((index, err)) = failure {
            row.failed_statement = Some(index as i64 + 1);
            row.error = Some(err.to_string());
            row.duration_ms = elapsed_ms(started) as i64;
            self.history.update(self.conn, &row)?;
            let id = &m.id;
            return Err(statement_failed(
                Direction::Up,
                m,
                &m.up,
                &statements,
                index,
                &err,
                format!(
                    "; {} because {}, and keel recorded {id} as failed. \
                     Fix what went wrong, then `keel rollback --step 1` runs its down script, `keel mark-applied {id}` \
                     accepts it as done, or `keel mark-pending {id}` forgets it",
                    applied_before(index),
                    why_not_undone(self.conn),
                ),
            ));
        }
        if !finished {
            row.state = RowState::Applied;
            row.failed_statement = None;
            row.error = None;
            row.duration_ms = elapsed_ms(started) as i64;
            self.history.update(self.conn, &row)?;
        }
        Ok(())
    }

    fn run_down(&mut self, m: &Migration, mut row: HistoryRow) -> Result<(), MigrateError> {
        let dialect = self.conn.server().dialect;
        let statements = m.down.statements(dialect)?;
        if self.conn.transactional_ddl() && !m.down.wants_no_transaction() {
            let delete = self.history.delete_statements(&m.id);
            let failure =
                self.run_transactional(&statements, delete, || Write::Delete(m.id.clone()))?;
            if let Some((index, err)) = failure {
                return Err(statement_failed(
                    Direction::Down,
                    m,
                    &m.down,
                    &statements,
                    index,
                    &err,
                    "; the rollback of this migration was undone: it stays applied and history is unchanged. \
                     Fix the down script and run `keel rollback` again"
                        .into(),
                ));
            }
            return Ok(());
        }
        row.error = Some("interrupted: keel stopped while rolling this migration back".into());
        let finish = self.history.delete_statements(&m.id).map(|writes| Finish {
            start: None,
            writes,
        });
        let finished = finish.is_some();
        let failure = self.run_tracked(&statements, &mut row, Write::Update, finish)?;
        if let Some((index, err)) = failure {
            row.failed_statement = Some(index as i64 + 1);
            row.error = Some(format!("rollback: {err}"));
            self.history.update(self.conn, &row)?;
            let id = &m.id;
            return Err(statement_failed(
                Direction::Down,
                m,
                &m.down,
                &statements,
                index,
                &err,
                format!(
                    "; {} of the down script, and keel recorded {id} as failed. Fix the down script and run \
                     `keel rollback` again, or `keel mark-pending {id}` if you finished undoing it by hand",
                    applied_before(index)
                ),
            ));
        }
        if !finished {
            self.history.delete(self.conn, &m.id)?;
        }
        Ok(())
    }

    /// Runs `statements` and then the history change in one transaction, so both commit
    /// together or not at all. A failing statement, or data the engine could not check while
    /// it ran, rolls everything back and comes back as `Some((index, error))`.
    ///
    /// The history change is `known` when its SQL is settled before the statements run (the
    /// connection may then send everything at once), else `record()` after they ran.
    fn run_transactional(
        &mut self,
        statements: &[Statement],
        known: Option<Vec<Bound>>,
        record: impl FnOnce() -> Write,
    ) -> Result<Option<(usize, DriverError)>, MigrateError> {
        let steps: Vec<Step<'_>> = statements.iter().map(|s| Step::Sql(&s.text)).collect();
        if let Some(known) = known {
            return match self.conn.run_transaction(&steps, &known) {
                Ok(()) => Ok(None),
                Err(TransactionError::Step(index, e)) => Ok(Some((index, e))),
                Err(TransactionError::Other(e)) => Err(e.into()),
            };
        }
        self.conn.begin()?;
        let ran = self.conn.run_steps(&steps).and_then(|()| {
            self.conn
                .check_integrity()
                .map_err(|e| (statements.len(), e))
        });
        if let Err(failure) = ran {
            self.conn.rollback()?;
            return Ok(Some(failure));
        }
        let write = record();
        // The history change travels with the COMMIT where the store hands over its SQL.
        let committed = match self.statements_of(&write) {
            Some(record) => self.conn.commit_with(&record),
            None => self.perform(&write).and_then(|()| self.conn.commit()),
        };
        if let Err(e) = committed {
            // The migration must not stay without its history change. The rollback's own
            // error, if any, says less than the one being reported.
            let _ = self.conn.rollback();
            return Err(e.into());
        }
        Ok(None)
    }

    /// Runs `statements` where a failure cannot be undone. `start` records `row` as failed
    /// before the first statement runs, and the row then tracks which statement is running,
    /// so an interrupted run says where it stopped; a failure comes back as
    /// `Some((index, error))` with the row left `failed`.
    ///
    /// Each history write runs before its statement and only once the previous statement
    /// succeeded; where the store hands over its SQL, the connection may send a write in the
    /// same round trip as the statement it precedes. `finish`, when given, closes the run
    /// once every statement succeeded (and opens it with its `start`).
    fn run_tracked(
        &mut self,
        statements: &[Statement],
        row: &mut HistoryRow,
        start: impl FnOnce(HistoryRow) -> Write,
        finish: Option<Finish>,
    ) -> Result<Option<(usize, DriverError)>, MigrateError> {
        row.state = RowState::Failed;
        row.failed_statement = Some(1);
        // writes[i] runs just before statements[i] (writes[0] even when there is none).
        let mut writes = vec![start(row.clone())];
        for i in 1..statements.len() {
            row.failed_statement = Some(i as i64 + 1);
            writes.push(Write::Update(row.clone()));
        }
        let batched: Option<Vec<Vec<Bound>>> =
            writes.iter().map(|w| self.statements_of(w)).collect();
        let Some(batched) = batched else {
            let (opening, closing) = finish.map_or((None, Vec::new()), |f| (f.start, f.writes));
            for bound in opening.iter() {
                self.conn.execute_with(&bound.sql, &bound.params)?;
            }
            self.perform(&writes[0])?;
            for (i, s) in statements.iter().enumerate() {
                if i > 0 {
                    self.perform(&writes[i])?;
                }
                if let Err(e) = self.conn.execute(&s.text) {
                    return Ok(Some((i, e)));
                }
            }
            for bound in &closing {
                self.conn.execute_with(&bound.sql, &bound.params)?;
            }
            return Ok(None);
        };
        // Which statement each step is (`None`: a history write).
        let mut steps = Vec::new();
        let mut statement_of = Vec::new();
        if let Some(opening) = finish.as_ref().and_then(|f| f.start.as_ref()) {
            steps.push(Step::Bound(opening));
            statement_of.push(None);
        }
        for bound in &batched[0] {
            steps.push(Step::Bound(bound));
            statement_of.push(None);
        }
        for (i, s) in statements.iter().enumerate() {
            if i > 0 {
                for bound in &batched[i] {
                    steps.push(Step::Bound(bound));
                    statement_of.push(None);
                }
            }
            steps.push(Step::Sql(&s.text));
            statement_of.push(Some(i));
        }
        for bound in finish.iter().flat_map(|f| &f.writes) {
            steps.push(Step::Bound(bound));
            statement_of.push(None);
        }
        match self.conn.run_steps(&steps) {
            Ok(()) => Ok(None),
            Err((step, e)) => match statement_of[step] {
                Some(i) => Ok(Some((i, e))),
                None => Err(e.into()),
            },
        }
    }

    /// The SQL of `write`, when the history store hands it over for batching.
    fn statements_of(&self, write: &Write) -> Option<Vec<Bound>> {
        match write {
            Write::Insert(row) => self.history.insert_statements(row),
            Write::Update(row) => self.history.update_statements(row),
            Write::Delete(id) => self.history.delete_statements(id),
        }
    }

    /// Makes `write` on its own.
    fn perform(&mut self, write: &Write) -> Result<(), DriverError> {
        match write {
            Write::Insert(row) => self.history.insert(self.conn, row),
            Write::Update(row) => self.history.update(self.conn, row),
            Write::Delete(id) => self.history.delete(self.conn, id),
        }
    }
}

/// The history writes that close a migration run outside a transaction, handed to
/// `run_tracked` so they can travel with its last statement.
struct Finish {
    /// Runs before the first statement (the server's stopwatch).
    start: Option<Bound>,
    /// Run once every statement succeeded.
    writes: Vec<Bound>,
}

fn applied_before(index: usize) -> String {
    match index {
        0 => "no statement of it had run".to_string(),
        1 => "statement 1 stayed applied".to_string(),
        n => format!("statements 1–{n} stayed applied"),
    }
}

fn statement_failed(
    direction: Direction,
    m: &Migration,
    script: &Script,
    statements: &[Statement],
    index: usize,
    err: &DriverError,
    outcome: String,
) -> MigrateError {
    let (line, message) = match statements.get(index) {
        Some(s) => {
            let line = match err {
                DriverError::Query {
                    position: Some(p), ..
                } => s.line + s.text.chars().take(*p).filter(|c| *c == '\n').count(),
                _ => s.line,
            };
            (line, err.to_string())
        }
        // The integrity check after the last statement.
        None => (
            statements.last().map_or(script.first_line, |s| s.line),
            err.to_string(),
        ),
    };
    MigrateError::StatementFailed(Box::new(StatementFailure {
        direction: match direction {
            Direction::Up => "migration",
            Direction::Down => "rollback",
        },
        id: m.id.clone(),
        label: m.label(),
        path: script.path.clone(),
        line,
        statement: (index + 1).min(statements.len().max(1)),
        statements: statements.len(),
        message,
        outcome,
    }))
}

/// Why a non-transactional failure leaves earlier statements applied.
fn why_not_undone(conn: &dyn Connection) -> &'static str {
    if conn.transactional_ddl() {
        "the migration runs outside a transaction (keel:no-transaction)"
    } else {
        "MySQL and MariaDB commit DDL immediately"
    }
}

fn refuse_unless_clean(status: &StatusReport, allow_missing: bool) -> Result<(), MigrateError> {
    // A failed migration is the newest in history (migrations run in order, and nothing runs
    // while one is recorded failed), so `rollback --step 1` undoes it alone; a plain
    // `rollback` would also undo the migrations that succeeded in its batch.
    if let Some(failed) = status.in_state(MigrationState::Failed).next() {
        let id = &failed.id;
        return Err(MigrateError::OutOfSync {
            message: format!(
                "migration {id}_{} did not finish ({}) and is recorded as failed; resolve it before migrating: \
                 `keel rollback --step 1` runs its down script, `keel mark-applied {id}` accepts it as done, \
                 `keel mark-pending {id}` forgets it",
                failed.name,
                failed.error.as_deref().unwrap_or("no details")
            ),
        });
    }
    let modified: Vec<String> = status
        .in_state(MigrationState::Modified)
        .map(|m| format!("{}_{}", m.id, m.name))
        .collect();
    if !modified.is_empty() {
        return Err(MigrateError::OutOfSync {
            message: format!(
                "{} changed after {} applied: {}. Restore the original file{}, or accept the change with \
                 `keel mark-applied ID` (it records the new checksum)",
                plural(modified.len(), "migration", "migrations"),
                if modified.len() == 1 { "it was" } else { "they were" },
                modified.join(", "),
                if modified.len() == 1 { "" } else { "s" },
            ),
        });
    }
    let missing: Vec<String> = status
        .in_state(MigrationState::Missing)
        .map(|m| format!("{}_{}", m.id, m.name))
        .collect();
    if !missing.is_empty() && !allow_missing {
        return Err(MigrateError::OutOfSync {
            message: format!(
                "{} applied to this database {} no file: {}. Restore the files (e.g. from git), rebuild them \
                 with `keel reconstruct`, or pass --allow-missing to migrate anyway",
                plural(missing.len(), "migration", "migrations"),
                if missing.len() == 1 { "has" } else { "have" },
                missing.join(", ")
            ),
        });
    }
    Ok(())
}

fn select_rollback<'r>(
    rows: &'r [HistoryRow],
    target: &RollbackTarget,
) -> Result<Vec<&'r HistoryRow>, MigrateError> {
    let mut newest_first: Vec<&HistoryRow> = rows.iter().collect();
    newest_first.sort_by(|a, b| {
        b.batch
            .cmp(&a.batch)
            .then_with(|| compare_versions(&b.id, &a.id))
    });
    Ok(match target {
        RollbackTarget::LastBatch => {
            let last = newest_first.first().map(|r| r.batch);
            newest_first
                .into_iter()
                .filter(|r| Some(r.batch) == last)
                .collect()
        }
        RollbackTarget::Steps(0) => {
            return Err(MigrateError::BadRequest {
                message: "--step must be at least 1".into(),
            })
        }
        RollbackTarget::Steps(n) => newest_first.into_iter().take(*n).collect(),
        RollbackTarget::Batch(b) => {
            if !rows.iter().any(|r| r.batch == *b) {
                let mut batches: Vec<i64> = rows.iter().map(|r| r.batch).collect();
                batches.sort_unstable();
                batches.dedup();
                return Err(MigrateError::BadRequest {
                    message: format!(
                        "there is no batch {b}; applied batches: {}",
                        if batches.is_empty() {
                            "none".to_string()
                        } else {
                            batches
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    ),
                });
            }
            newest_first.into_iter().filter(|r| r.batch == *b).collect()
        }
        RollbackTarget::To(id) => {
            if !rows.iter().any(|r| &r.id == id) {
                return Err(MigrateError::BadRequest {
                    message: format!(
                        "{id} is not applied, so there is nothing to roll back to; `keel status` lists the applied ids"
                    ),
                });
            }
            newest_first
                .into_iter()
                .filter(|r| compare_versions(&r.id, id).is_gt())
                .collect()
        }
        RollbackTarget::All => newest_first,
    })
}

fn unknown(id: &str) -> MigrateError {
    MigrateError::BadRequest {
        message: format!("there is no migration {id}; `keel status` lists the ids"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(u32::from(now.millisecond()) * 1_000_000)
        .unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}
