//! `keel rehearse`: clone the database (or a backup) into a scratch database, rehearse the
//! pending migrations there (`keel_rehearse`), render the findings, drop the clone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use keel_backup::{
    AgeIdentity, BackupEvent, BackupObserver, BackupStore, Copied, CreateRequest, Entry, EntryKind,
    NoProgress,
};
use keel_driver::{DbUrl, Dialect};
use keel_migrate::{KeelHistory, MigrateOptions, Migrator, NoObserver};
use keel_rehearse::{NotRestored, Rehearsal};
use serde_json::{json, Value};

use crate::args::{GlobalArgs, RehearseArgs};
use crate::commands::guard::{thousands, Judgement};
use crate::commands::{backup, guard};
use crate::context::Context;
use crate::drivers;
use crate::output::Output;
use crate::scratch;
use crate::ExitStatus;

/// How the clone was made, for the report.
struct Clone {
    method: String,
    ms: u64,
    /// The scratch database's URL, password redacted.
    scratch: String,
}

pub(crate) fn run(global: &GlobalArgs, args: &RehearseArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "rehearse")?;
    let set = ctx.migrations()?;
    let origin = ctx.settings.database.clone();
    let (live_name, pending) = {
        let mut live = ctx.connect()?;
        let plan = Migrator::new(live.as_mut(), &KeelHistory, &set.migrations).migrate(
            &MigrateOptions {
                dry_run: true,
                ..MigrateOptions::default()
            },
            &mut NoObserver,
        );
        (
            live.database_name().to_string(),
            plan.map(|p| p.planned.len()),
        )
    };
    // A bad --backup is refused before anything is created.
    let source = match &args.backup {
        Some(id) => Some(resolve_backup(&ctx, id, &origin, &live_name)?),
        None => None,
    };
    // On the live database itself, nothing pending means nothing to copy; a history out of
    // sync is reported before a copy is made. A backup's own history decides for itself.
    if source.is_none() {
        let pending = pending
            .context("keel rehearse runs the pending migrations, and they cannot be planned")?;
        if pending == 0 {
            let clone = Clone {
                method: "none: nothing is pending".into(),
                ms: 0,
                scratch: String::new(),
            };
            render(&Rehearsal::default(), &clone, out);
            return Ok(ExitStatus::Success);
        }
    }
    let identity = match args
        .identity
        .clone()
        .or_else(|| std::env::var_os("KEEL_AGE_IDENTITY").map(PathBuf::from))
    {
        Some(p) => Some(AgeIdentity::from_file(&p)?),
        None => None,
    };
    out.progress(format!(
        "rehearsing the pending migrations of {} on a scratch copy of {}…",
        set.dir.display(),
        source
            .as_ref()
            .map_or_else(|| format!("{origin}"), |e| format!("backup {}", e.id))
    ));
    ctx.journal(
        "rehearse.started",
        json!({ "backup": source.as_ref().map(|e| &e.id) }),
    )?;

    let started = Instant::now();
    let template_refused: std::cell::RefCell<Option<String>> = std::cell::RefCell::new(None);
    let dialect = origin.dialect();
    let made_by_template = std::cell::Cell::new(false);
    let result = scratch::with_scratch_made(
        &origin,
        || {
            if source.is_none() && dialect == Dialect::Postgres {
                match template_copy(&origin, &live_name) {
                    Ok(url) => {
                        made_by_template.set(true);
                        return Ok(url);
                    }
                    Err(e) => *template_refused.borrow_mut() = Some(format!("{e:#}")),
                }
            }
            Ok(ctx.connect()?.create_scratch()?)
        },
        |scratch_url| {
            // The fingerprint counted while the rows streamed into the clone, when they did.
            let mut streamed = None;
            let method = if made_by_template.get() {
                "CREATE DATABASE … TEMPLATE".to_string()
            } else if let Some(entry) = &source {
                restore_into(&ctx, entry, scratch_url, identity.as_ref())?;
                format!("restore of backup {}", entry.id)
            } else if dialect == Dialect::Sqlite {
                let from = origin.sqlite_path().context("not a SQLite URL")?;
                let to = scratch_url.sqlite_path().context("not a SQLite URL")?;
                keel_sqlite::clone_database(&from, &to)
                    .context("copying the database into the scratch file failed")?;
                "SQLite online backup API".to_string()
            } else {
                let copied = copy_through_backup(&origin, scratch_url, out)?;
                streamed = Some(keel_guard::Fingerprint::from_backup(&copied.stats));
                match template_refused.borrow().as_ref() {
                    Some(why) => format!(
                        "keel backup + restore, streamed (CREATE DATABASE … TEMPLATE was refused: {why})"
                    ),
                    None => "keel backup + restore, streamed".to_string(),
                }
            };
            let clone = Clone {
                method,
                ms: millis(started.elapsed()),
                scratch: scratch_url.to_string(),
            };
            out.progress(format!("cloned in {} ms ({})", clone.ms, clone.method));
            out.detail(format!("rehearsing in scratch database {scratch_url}"));
            let mut conn = drivers::connect(scratch_url)?;
            let report = keel_rehearse::rehearse(
                conn.as_mut(),
                &KeelHistory,
                &set.migrations,
                &keel_rehearse::Options {
                    inspect: ctx.inspect_options(),
                    lock_timeout: Duration::from_secs(10),
                    streamed,
                },
            )?;
            let ph = &report.phases;
            out.detail(format!(
                "rehearsal reads: baseline {} ms, guard's verdict {} ms, comparison after the down scripts {} ms",
                ph.baseline_ms, ph.verdict_ms, ph.compare_ms
            ));
            Ok((clone, report))
        },
    );
    let (clone, report) = result.context(
        "the rehearsal could not be done; the live database was only read and the scratch copy was dropped",
    )?;
    ctx.journal(
        "rehearse.finished",
        json!({
            "ok": report.ok(), "rollback_clean": report.rollback_clean(),
            "data_loss": report.verdict.losses, "not_restored": report.not_restored,
            "failure": report.failure, "clone": clone.method,
        }),
    )?;
    render(&report, &clone, out);
    Ok(if report.ok() {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

/// The backup to rehearse on: it must be a complete keel backup of this very database.
fn resolve_backup(ctx: &Context, id: &str, origin: &DbUrl, live_name: &str) -> Result<Entry> {
    let entry = backup::store(ctx).resolve(id)?;
    if entry.kind != EntryKind::Keel {
        anyhow::bail!(
            "{} is not a complete keel backup; `keel rehearse --backup` takes the id of one (see `keel backup list`)",
            entry.id
        );
    }
    let engine = match origin.dialect() {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
        Dialect::Mysql => "mysql",
    };
    if entry.engine.as_deref() != Some(engine) {
        anyhow::bail!(
            "backup {} is a {} backup, but the database is {engine}; rehearse on a backup of this database",
            entry.id,
            entry.engine.as_deref().unwrap_or("unknown")
        );
    }
    let expected = sanitize(live_name);
    if entry.database.as_deref() != Some(expected.as_str()) {
        anyhow::bail!(
            "backup {} is of database {}, not of {live_name}; rehearse on a backup of this database (see `keel backup list`)",
            entry.id,
            entry.database.as_deref().unwrap_or("unknown")
        );
    }
    // SQLite names a database after its file, and many files are called `app.db`: the file's
    // path tells them apart.
    if let (Some(live), Some(m)) = (origin.sqlite_path(), &entry.manifest) {
        let theirs = DbUrl::parse(&m.database_url)
            .ok()
            .and_then(|u| u.sqlite_path());
        let same = |a: &std::path::Path, b: &std::path::Path| {
            a.canonicalize()
                .ok()
                .zip(b.canonicalize().ok())
                .map_or(a == b, |(a, b)| a == b)
        };
        if !theirs.as_deref().is_some_and(|t| same(t, &live)) {
            anyhow::bail!(
                "backup {} is of database {}, not of {}; rehearse on a backup of this database (see `keel backup list`)",
                entry.id,
                m.database_url,
                live.display()
            );
        }
    }
    Ok(entry)
}

/// As keel_backup names the database in backup ids and manifests.
fn sanitize(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "db".into()
    } else {
        out
    }
}

/// PostgreSQL's file-level copy: `CREATE DATABASE scratch TEMPLATE live`, issued from the
/// maintenance database because the source must have no sessions at all, keel's included.
fn template_copy(origin: &DbUrl, live_name: &str) -> Result<DbUrl> {
    let name = keel_driver::scratch_name();
    let mut admin = ["postgres", "template1"]
        .iter()
        .find_map(|db| drivers::connect(&origin.with_database(db).ok()?).ok())
        .context("cannot connect to the maintenance database (postgres or template1)")?;
    admin
        .execute(&format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote_pg(&name),
            quote_pg(live_name)
        ))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(origin.with_database(&name)?)
}

fn quote_pg(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Fills the scratch database from the live one through keel's backup stream: the backup's
/// consistent, read-only snapshot of the live database streams straight into the engine's
/// restore of the scratch one (no artifact, so no compression, fsync or verification pass
/// of a file nobody keeps); the restore still checks every table it loaded against the
/// stream's trailer. The temporary folder only holds an engine's scratch files.
fn copy_through_backup(origin: &DbUrl, scratch_url: &DbUrl, out: &Output) -> Result<Copied> {
    let dir = std::env::temp_dir().join(format!("{}-backup", keel_driver::scratch_name()));
    let result = (|| -> Result<Copied> {
        let store = BackupStore::new(&dir);
        let mut live = drivers::connect(origin)?;
        let engine = backup::engine_for(backup::engine_name(live.as_ref()))
            .context("keel cannot back up this engine")?;
        let mut scratch = drivers::connect(scratch_url)?;
        let mut clock = PhaseClock::default();
        let copied = store.copy(
            engine,
            live.as_mut(),
            scratch.as_mut(),
            &CreateRequest {
                reason: "rehearse",
                command: "rehearse",
                encrypt_to: None,
                identity: None,
                keel_version: env!("CARGO_PKG_VERSION"),
                count: None,
            },
            &mut clock,
        )?;
        out.detail(format!("clone phases: {}", clock.summary()));
        Ok(copied)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result.context("copying the database into the scratch database through a backup stream failed")
}

/// How long each phase the restore side of a copy reported took (`load`, `check`, `swap`
/// on MySQL), for `-v`.
#[derive(Default)]
struct PhaseClock {
    phases: Vec<(&'static str, Instant)>,
}

impl PhaseClock {
    /// Each phase up to the next one, the last up to now.
    fn summary(&self) -> String {
        let end = Instant::now();
        let mut parts = Vec::new();
        for (i, (name, at)) in self.phases.iter().enumerate() {
            let until = self.phases.get(i + 1).map_or(end, |(_, t)| *t);
            parts.push(format!("{name} {} ms", millis(until - *at)));
        }
        parts.join(", ")
    }
}

impl BackupObserver for PhaseClock {
    fn on_event(&mut self, event: &BackupEvent) {
        if let BackupEvent::Phase(name) = event {
            self.phases.push((name, Instant::now()));
        }
    }
}

/// Verifies `entry` and restores it into the scratch database.
fn restore_into(
    ctx: &Context,
    entry: &Entry,
    scratch_url: &DbUrl,
    identity: Option<&AgeIdentity>,
) -> Result<()> {
    let store = backup::store(ctx);
    let report = store.verify(entry, &backup::engine_for, identity, &mut NoProgress);
    if let Some(f) = &report.failure {
        anyhow::bail!(
            "backup {} failed verification at step {}: {}",
            entry.id,
            f.step,
            f.message
        );
    }
    let engine = backup::engine_for(entry.engine.as_deref().unwrap_or_default())
        .context("no backup engine for this backup")?;
    let mut scratch = drivers::connect(scratch_url)?;
    store
        .restore(entry, engine, scratch.as_mut(), identity, &mut NoProgress)
        .with_context(|| {
            format!(
                "restoring backup {} into the scratch database failed",
                entry.id
            )
        })
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn not_restored_message(n: &NotRestored) -> String {
    let name = match &n.column {
        Some(c) => format!("{}.{c}", n.table),
        None => n.table.clone(),
    };
    let unit = if n.column.is_some() { "values" } else { "rows" };
    format!(
        "{name}: {} ({} {unit} before, {} after){}",
        n.difference.describe(),
        thousands(n.before),
        thousands(n.after),
        if n.declared {
            ", lost on purpose (allows-loss)"
        } else {
            ""
        }
    )
}

fn render(report: &Rehearsal, clone: &Clone, out: &Output) {
    let judgement = Judgement {
        verdict: report.verdict.clone(),
        restored: None,
        safety_backup: None,
    };
    let mut json = json!({
        "ok": report.ok(),
        "rollback_clean": report.rollback_clean(),
        "not_restored": report.not_restored.iter().map(|n| {
            let mut v = serde_json::to_value(n).unwrap_or(Value::Null);
            v["message"] = json!(not_restored_message(n));
            v
        }).collect::<Vec<_>>(),
        "schema_not_restored": report.schema_not_restored,
        "migrations": report.steps,
        "locks_note": report.locks_note,
        "failure": report.failure,
        "clone": { "method": clone.method, "ms": clone.ms, "scratch": clone.scratch },
        "phases_ms": report.phases,
        "scratch_dropped": true,
    });
    crate::commands::migrate::merge(&mut json, judgement.json(false));
    out.report(&json);

    if report.steps.is_empty() {
        out.line("Nothing to rehearse: every migration is applied.");
        return;
    }
    out.line(format!(
        "rehearsed {} migration(s) on a scratch copy (cloned in {} ms: {})",
        report.steps.len(),
        clone.ms,
        clone.method
    ));
    for s in &report.steps {
        let time = |ms: Option<u64>| ms.map_or_else(|| "—".to_string(), |m| format!("{m} ms"));
        out.line(format!(
            "  {}  up {}, down {}",
            s.label,
            time(s.up_ms),
            time(s.down_ms)
        ));
        for st in s.locks.iter().flatten() {
            let locks: Vec<String> = st
                .locks
                .iter()
                .map(|l| format!("{} on {}", l.mode, l.relation))
                .collect();
            out.line(format!(
                "      {}  →  {}",
                st.statement,
                if locks.is_empty() {
                    "no new locks".to_string()
                } else {
                    locks.join(", ")
                }
            ));
        }
    }
    if let Some(note) = &report.locks_note {
        out.line(format!("  locks: {note}"));
    }
    if let Some(f) = &report.failure {
        out.line(format!(
            "FAILED going {}: {} — {}",
            f.direction, f.migration, f.message
        ));
    }
    guard::render(&judgement, false, out);
    if report.rollback_clean() {
        out.line("down scripts: schema and data restored exactly.");
    } else {
        out.line("ROLLBACK NOT CLEAN: the down scripts did not restore:");
    }
    for n in &report.not_restored {
        out.line(format!("  {}", not_restored_message(n)));
    }
    for c in &report.schema_not_restored {
        out.line(format!("  schema: {} {} {}", c.kind, c.path(), c.detail));
    }
    out.line(if report.ok() {
        "rehearsal clean. The live database was only read; the scratch copy is dropped."
    } else {
        "rehearsal NOT clean. The live database was only read; the scratch copy is dropped."
    });
}
