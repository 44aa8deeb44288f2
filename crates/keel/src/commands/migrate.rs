use std::time::Duration;

use anyhow::Result;
use keel_guard::{BatchScript, Guard};
use keel_migrate::{KeelHistory, MigrateOptions, MigrateReport, Migrator, NoObserver};
use serde_json::json;

use crate::args::{GlobalArgs, MigrateArgs};
use crate::commands::{guard, status_of, Progress};
use crate::context::{applied_by, Context};
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &MigrateArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "migrate")?;
    if ctx.laravel_migrations_dir().is_some() {
        if args.dry_run || args.no_backup || args.to.is_some() {
            anyhow::bail!(
                "in a Laravel application keel migrates through `php artisan migrate --force` under its safety net; \
                 --dry-run, --no-backup and --to are not available there (artisan's own: `php artisan migrate --pretend`)"
            );
        }
        return crate::commands::artisan::wrap(
            global,
            &ctx,
            &["migrate", "--force"],
            args.accept_loss,
            args.lock.lock_timeout,
            out,
        );
    }
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
    if !args.dry_run {
        hold_runner_lock(conn.as_mut(), args.lock.lock_timeout)?;
    }
    let options = MigrateOptions {
        to: args.to.clone(),
        dry_run: args.dry_run,
        allow_missing: args.allow_missing,
        lock_timeout: Duration::from_secs(args.lock.lock_timeout),
        applied_by: applied_by(),
    };
    out.progress(format!(
        "{} {} ({}) with {} migrations from {} ({} layout)",
        if args.dry_run {
            "dry run on"
        } else {
            "migrating"
        },
        ctx.settings.database,
        conn.server(),
        set.migrations.len(),
        set.dir.display(),
        set.layout.name(),
    ));
    let history = KeelHistory;

    if args.dry_run {
        let report = Migrator::new(conn.as_mut(), &history, &set.migrations)
            .migrate(&options, &mut Progress::new(out));
        return match report {
            Ok(report) => {
                render_dry_run(&report, out);
                Ok(ExitStatus::Success)
            }
            Err(e) => finish_error(out, &e, &[], None),
        };
    }

    let mut backup_id: Option<String> = None;
    let mut armed: Option<Guard> = None;
    if args.no_backup {
        out.warn("--no-backup: no backup is taken before this batch; if it goes wrong, only its down scripts can undo it.");
        guard::warn_off("--no-backup", out);
    } else {
        // Plan first: a backup is taken only when something will run. A plan that fails
        // (history out of sync, a bad file) falls through to the real run, which reports it.
        let plan_options = MigrateOptions {
            dry_run: true,
            ..options.clone()
        };
        let plan = Migrator::new(conn.as_mut(), &history, &set.migrations)
            .migrate(&plan_options, &mut NoObserver);
        if let Some(plan) = plan.ok().filter(|p| !p.planned.is_empty()) {
            let batch: Vec<BatchScript> = plan
                .planned
                .iter()
                .filter_map(|p| set.migrations.iter().find(|m| m.id == p.id))
                .map(|m| BatchScript {
                    migration: m.label(),
                    text: m.up.text.clone(),
                    allows_loss: m.up.directives().allows_loss,
                })
                .collect();
            // Directives are checked before the backup: a bad one stops everything at once.
            let mut guard = guard::arm(&ctx, conn.as_mut(), &batch)?;
            if let Some(id) = guard::back_up_and_measure(
                &ctx,
                conn.as_mut(),
                &mut guard,
                "pre-migrate",
                "nothing was run",
                out,
            )? {
                backup_id = Some(id);
                armed = Some(guard);
            }
        }
    }
    ctx.journal(
        "migrate.started",
        json!({ "pending_files": set.migrations.len(), "to": args.to, "allow_missing": args.allow_missing, "backup": backup_id, "guard": armed.is_some() }),
    )?;
    let mut progress = Progress::new(out);
    let result =
        Migrator::new(conn.as_mut(), &history, &set.migrations).migrate(&options, &mut progress);
    match result {
        Ok(report) => {
            ctx.journal(
                "migrate.finished",
                json!({ "applied": report.applied, "batch": report.batch, "backup": backup_id }),
            )?;
            let judgement = match (&armed, &backup_id, report.batch) {
                (Some(g), Some(id), Some(_)) => Some(guard::judge(
                    &ctx,
                    conn.as_mut(),
                    g,
                    id,
                    args.accept_loss,
                    out,
                )?),
                _ => None,
            };
            let mut json = json!({
                "applied": report.applied,
                "batch": report.batch,
                "backup": backup_id,
                "data_loss": [],
                "moves": [],
                "guard": judgement.is_some(),
            });
            if let Some(j) = &judgement {
                merge(&mut json, j.json(args.accept_loss));
                if j.refused() {
                    json["applied"] = json!([]);
                    json["batch"] = json!(null);
                    json["undone"] = json!(report.applied);
                }
            }
            out.report(&json);
            if let Some(j) = &judgement {
                guard::render(j, args.accept_loss, out);
                if j.refused() {
                    out.error_to_stderr(&format!(
                        "the batch made values disappear, so keel put the database back as it was before it ({} migration(s) undone: {})",
                        report.applied.len(),
                        report.applied.join(", ")
                    ));
                    return Ok(ExitStatus::Problem);
                }
            }
            match report.batch {
                Some(batch) => {
                    out.line(format!(
                        "applied {} migration{} in batch {batch}.",
                        report.applied.len(),
                        if report.applied.len() == 1 { "" } else { "s" }
                    ));
                    if let Some(j) = &judgement {
                        out.line(format!(
                            "data guard: {} table(s) checked, {}.",
                            j.verdict.tables_read,
                            if j.verdict.losses.is_empty() {
                                "no values lost".to_string()
                            } else {
                                format!(
                                    "{} loss(es) kept with --accept-loss",
                                    j.verdict.losses.len()
                                )
                            }
                        ));
                    }
                    if let Some(id) = &backup_id {
                        out.line(format!("backup taken first: {id}"));
                    }
                    out.line(format!("undo with: keel rollback --batch {batch}"));
                    if let Some(id) = &backup_id {
                        out.line(format!("or restore the backup: keel backup restore {id}"));
                    }
                }
                None => out.line("Nothing to migrate: every migration is applied."),
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => {
            ctx.journal(
                "migrate.failed",
                json!({ "applied": progress.finished, "failed": e.failed_id(), "error": e.to_string(), "backup": backup_id }),
            )?;
            finish_error(out, &e, &progress.finished, backup_id.as_deref())
        }
    }
}

fn finish_error(
    out: &Output,
    e: &keel_migrate::MigrateError,
    applied: &[String],
    backup: Option<&str>,
) -> Result<ExitStatus> {
    let status = status_of(e);
    out.report(&json!({
        "applied": applied,
        "batch": null,
        "backup": backup,
        "data_loss": [],
        "error": e.to_string(),
        "failed": e.failed_id(),
    }));
    if !out.json() {
        if !applied.is_empty() {
            out.progress(format!(
                "applied before the failure: {}",
                applied.join(", ")
            ));
        }
        out.error(&anyhow::anyhow!("{e}"));
        if let Some(id) = backup {
            out.progress(format!(
                "the database as it was before this batch is in backup {id}: keel backup restore {id}"
            ));
        }
    } else {
        // JSON already carries the error; people reading stderr still get it.
        out.error_to_stderr(&e.to_string());
    }
    Ok(status)
}

fn render_dry_run(report: &MigrateReport, out: &Output) {
    out.report(&json!({
        "applied": [],
        "batch": null,
        "backup": null,
        "data_loss": [],
        "dry_run": true,
        "planned": report.planned,
    }));
    if report.planned.is_empty() {
        out.line("-- nothing to migrate: every migration is applied");
        return;
    }
    for m in &report.planned {
        out.line(format!(
            "-- {}_{} ({})",
            m.id,
            m.name,
            if m.transactional {
                "in a transaction"
            } else {
                "outside a transaction"
            }
        ));
        for s in &m.statements {
            out.line(format!("{s};"));
        }
        out.line("");
    }
    out.line(format!(
        "-- dry run: {} migration(s) would run; nothing was changed",
        report.planned.len()
    ));
}

/// Adds the keys of `extra` (an object) to `report` (an object).
pub(crate) fn merge(report: &mut serde_json::Value, extra: serde_json::Value) {
    if let (Some(target), serde_json::Value::Object(extra)) = (report.as_object_mut(), extra) {
        target.extend(extra);
    }
}

/// Takes the runner lock before the backup and the guard's fingerprint, so that a second
/// runner waits instead of backing up a database the first one is changing. PostgreSQL's
/// advisory locks and MySQL's `GET_LOCK` count re-entries, so the migrator's own take and
/// release inside leave this one held until the connection closes with the command. SQLite's
/// lock is an immediate transaction, which cannot nest (and its online backup copes with a
/// concurrent writer), so it keeps the migrator's.
pub(crate) fn hold_runner_lock(conn: &mut dyn keel_driver::Connection, seconds: u64) -> Result<()> {
    if conn.server().dialect == keel_driver::Dialect::Sqlite {
        return Ok(());
    }
    conn.acquire_lock(keel_migrate::LOCK_KEY, Duration::from_secs(seconds))
        .map_err(|e| {
            anyhow::Error::new(e).context("another keel runner is working on this database")
        })?;
    Ok(())
}
