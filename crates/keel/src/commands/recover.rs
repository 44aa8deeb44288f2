//! `keel recover`: the emergency procedure of DESIGN §5.6 as one guided command. Each step says
//! what it will do and asks (unless `--yes`), is journaled, and can be run again: a recovery
//! interrupted at any point is finished by running `keel recover` again.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use keel_backup::EntryKind;
use keel_journal::Event;
use keel_migrate::{HistoryStore as _, KeelHistory, StatusReport};
use serde_json::json;

use crate::args::{GlobalArgs, RecoverArgs};
use crate::commands::{backup, check, journal, maintenance};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

const STEPS: usize = 6;

pub(crate) fn run(global: &GlobalArgs, args: &RecoverArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "recover")?;
    let database = ctx.settings.database.to_string();
    let events: Vec<Event> = ctx
        .journal
        .read_all()?
        .into_iter()
        .filter(|e| e.database == database)
        .collect();

    // Which backup: the one given, the one an unfinished recovery chose, or the one taken
    // before the last batch.
    let unfinished = unfinished_recovery(&events);
    let (backup_id, started_at) = match (&args.backup, &unfinished) {
        (Some(id), _) => (id.clone(), batch_start(&events, id)),
        (None, Some((id, since))) => {
            out.line(format!(
                "resuming the recovery started at {since}, with backup {id}"
            ));
            (id.clone(), Some(since.clone()))
        }
        (None, None) => {
            let (id, ts) = last_batch_backup(&events).ok_or_else(|| {
                anyhow::anyhow!(
                    "the journal shows no backup taken before the last batch (was it run with --no-backup?); \
                     pick one from `keel backup list` and run `keel recover --backup ID`. Nothing was changed"
                )
            })?;
            (id, Some(ts))
        }
    };
    let store = backup::store(&ctx);
    let entry = store.resolve(&backup_id).with_context(|| {
        format!("backup {backup_id} cannot be used; `keel backup list` shows the backups. Nothing was changed")
    })?;
    let mut conn = ctx.connect()?;
    let engine = backup::engine_name(conn.as_ref());
    match (&entry.kind, &entry.manifest) {
        (EntryKind::Keel, Some(m)) => {
            let family = |e: &str| if e == "mariadb" { "mysql".to_string() } else { e.to_string() };
            // The redacted URL names the database exactly (host, port, name; for SQLite the
            // file), so a backup of a same-named database elsewhere is refused too.
            if family(&m.engine) != family(engine) || m.database_url != database {
                anyhow::bail!(
                    "backup {} is of the {} database {}, not of this {engine} database {database};                      recover only restores this database's own backups (to load another database's                      backup on purpose: keel backup restore). Nothing was changed",
                    entry.id,
                    m.engine,
                    m.database_url,
                );
            }
        }
        _ => anyhow::bail!(
            "{} is not a complete keel backup; recover restores keel backups only (a foreign dump: `keel backup restore`). Nothing was changed",
            entry.id
        ),
    }
    if unfinished.is_none() || args.backup.is_some() {
        ctx.journal("recover.started", json!({ "backup": entry.id }))?;
    }

    // 1. What changed since the backup.
    step(out, 1, "what changed since the backup");
    assess(
        &ctx,
        conn.as_mut(),
        &entry,
        started_at.as_deref(),
        &events,
        out,
    )?;

    // 2. Maintenance mode.
    step(out, 2, "maintenance mode on");
    let mut maintenance_on = false;
    if confirm(global, out, "Put the application into maintenance mode?")? {
        match maintenance::switch(&ctx, true, out) {
            Ok(_) => maintenance_on = true,
            Err(e) => out.warn(format!("{e:#}; continuing without maintenance mode")),
        }
    }

    // 3. Safety backup of the current state, then the restore (all or nothing).
    step(out, 3, "safety backup of the current state, then restore");
    if !confirm(
        global,
        out,
        &format!(
            "Take a safety backup, then replace the database with backup {}?",
            entry.id
        ),
    )? {
        return stopped(
            &ctx,
            out,
            "restore",
            "you declined the restore; the database is unchanged",
        );
    }
    drop(conn);
    let yes = GlobalArgs {
        yes: true,
        ..global.clone()
    };
    let restored = backup::restore(&ctx, &yes, &backup_id, args.identity.as_deref(), out)
        .context("the restore failed; it is all or nothing, so the database is as it was")?;
    if restored != ExitStatus::Success {
        return stopped(
            &ctx,
            out,
            "restore",
            "the backup was refused; the database is unchanged",
        );
    }
    ctx.journal("recover.restored", json!({ "backup": entry.id }))?;

    // 4. History: it lives in the database, so the restore brought back the history of the
    // restored schema; what the undone batch applied is pending again.
    step(out, 4, "history against the migration files");
    let mut conn = ctx.connect()?;
    let rows = KeelHistory.load(conn.as_mut())?;
    let files = ctx.migrations().map(|s| s.migrations).unwrap_or_default();
    let status = StatusReport::compute(&files, &rows);
    let s = &status.summary;
    out.line(format!(
        "history: {} applied, {} pending again, {} missing, {} modified, {} failed",
        s.applied, s.pending, s.missing, s.modified, s.failed
    ));
    if s.missing > 0 {
        out.warn("some applied migrations have no file: `keel reconstruct` writes them back");
    }
    ctx.journal(
        "recover.history",
        json!({ "applied": s.applied, "pending": s.pending, "missing": s.missing, "failed": s.failed }),
    )?;
    drop(conn);

    // 5. Integrity.
    step(out, 5, "keel check");
    let checked = check::run(global, out)?;
    ctx.journal(
        "recover.checked",
        json!({ "ok": checked == ExitStatus::Success }),
    )?;

    // 6. Maintenance off, and the report.
    step(out, 6, "maintenance mode off and the incident report");
    if maintenance_on {
        maintenance::switch(&ctx, false, out)?;
    }
    let report_path = write_report(&ctx, args.report.clone(), started_at.as_deref())?;
    ctx.journal(
        "recover.finished",
        json!({ "backup": entry.id, "check_ok": checked == ExitStatus::Success, "report": report_path }),
    )?;
    out.report(&json!({
        "backup": entry.id, "check_ok": checked == ExitStatus::Success, "report": report_path,
    }));
    out.line(format!(
        "recovered: backup {} restored; incident report written to {}",
        entry.id,
        report_path.display()
    ));
    Ok(if checked == ExitStatus::Success {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

fn step(out: &Output, n: usize, what: &str) {
    out.line(format!("\n[{n}/{STEPS}] {what}"));
}

fn confirm(global: &GlobalArgs, out: &Output, question: &str) -> Result<bool> {
    if global.yes || !std::io::stdin().is_terminal() || out.json() {
        return Ok(true);
    }
    backup::eprint_flush(&format!("{question} [y/N] "));
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

fn stopped(ctx: &Context, out: &Output, at: &str, why: &str) -> Result<ExitStatus> {
    ctx.journal("recover.stopped", json!({ "at": at, "why": why }))?;
    out.line(format!(
        "recovery stopped at {at}: {why}. Run `keel recover` again to resume."
    ));
    Ok(ExitStatus::Problem)
}

/// A recovery that started and did not finish: its backup and start time.
fn unfinished_recovery(events: &[Event]) -> Option<(String, String)> {
    let last_start = events.iter().rposition(|e| e.event == "recover.started")?;
    if events[last_start..]
        .iter()
        .any(|e| e.event == "recover.finished")
    {
        return None;
    }
    let id = events[last_start].details["backup"].as_str()?.to_string();
    let since = batch_start(events, &id).unwrap_or_else(|| events[last_start].ts.clone());
    Some((id, since))
}

/// The backup taken before the last batch (`migrate`, `rollback` or `run`), and when that
/// batch started.
fn last_batch_backup(events: &[Event]) -> Option<(String, String)> {
    let started = events.iter().rev().find(|e| {
        matches!(
            e.event.as_str(),
            "migrate.started" | "rollback.started" | "run.started"
        )
    })?;
    let id = started.details["backup"].as_str()?;
    Some((id.to_string(), started.ts.clone()))
}

/// When the batch that took backup `id` started, if the journal says.
fn batch_start(events: &[Event], id: &str) -> Option<String> {
    events
        .iter()
        .find(|e| e.event.ends_with(".started") && e.details["backup"].as_str() == Some(id))
        .map(|e| e.ts.clone())
}

/// Prints the journal since the batch and, per table, the rows in the backup against the rows
/// now.
fn assess(
    ctx: &Context,
    conn: &mut dyn keel_driver::Connection,
    entry: &keel_backup::Entry,
    since: Option<&str>,
    events: &[Event],
    out: &Output,
) -> Result<()> {
    if let Some(since) = since {
        for e in events
            .iter()
            .filter(|e| e.ts.as_str() >= since && !e.event.starts_with("recover."))
        {
            out.line(format!("  {}  {}", e.ts, e.event));
        }
    }
    let Some(manifest) = &entry.manifest else {
        return Ok(());
    };
    let live = conn.inspect(&ctx.inspect_options())?;
    let dialect = conn.server().dialect;
    let now = keel_guard::fingerprint(
        conn,
        keel_guard::sql_for(dialect),
        &live,
        &keel_guard::TableRef::all_in(&live),
        false,
    )?;
    for (table, sum) in &manifest.tables {
        let rows = now
            .tables
            .iter()
            .find(|(t, _)| &t.name == table)
            .map(|(_, p)| p.rows);
        match rows {
            Some(n) if n == sum.rows => {}
            Some(n) => out.line(format!(
                "  {table}: {} rows in the backup, {n} now",
                sum.rows
            )),
            // keel's own bookkeeping tables are in the backup but not in the schema model.
            None if table.starts_with("keel_") || table.starts_with("sqlite_") => {}
            None => out.line(format!(
                "  {table}: {} rows in the backup, table gone now",
                sum.rows
            )),
        }
    }
    Ok(())
}

fn write_report(ctx: &Context, path: Option<PathBuf>, since: Option<&str>) -> Result<PathBuf> {
    let markdown = journal::incident_markdown(ctx, since)?;
    let path = path.unwrap_or_else(|| {
        let stamp: String = keel_journal::now_rfc3339()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(15)
            .collect();
        ctx.settings
            .root
            .join(".keel")
            .join("incidents")
            .join(format!("incident-{stamp}.md"))
    });
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, markdown).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
