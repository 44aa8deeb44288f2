use std::time::Duration;

use anyhow::Result;
use keel_guard::{BatchScript, Guard};
use keel_migrate::{KeelHistory, Migrator, RollbackOptions, RollbackTarget};
use serde_json::json;

use crate::args::{GlobalArgs, RollbackArgs};
use crate::commands::migrate::merge;
use crate::commands::{guard, status_of, Progress};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &RollbackArgs, out: &Output) -> Result<ExitStatus> {
    let RollbackArgs {
        step,
        batch,
        to,
        all,
        no_backup,
        accept_loss,
        lock,
    } = args;
    let target = match (step, batch, to, all) {
        (Some(n), _, _, _) => RollbackTarget::Steps(*n),
        (_, Some(b), _, _) => RollbackTarget::Batch(*b),
        (_, _, Some(id), _) => RollbackTarget::To(id.clone()),
        (_, _, _, true) => RollbackTarget::All,
        _ => RollbackTarget::LastBatch,
    };
    let ctx = Context::new(global, "rollback")?;
    if ctx.laravel_migrations_dir().is_some() {
        // Laravel's migrator undoes its last batch, or the last N migrations.
        let step = args.step.map(|n| format!("--step={n}"));
        if args.batch.is_some() || args.to.is_some() || args.all || args.no_backup {
            anyhow::bail!(
                "in a Laravel application keel rolls back through `php artisan migrate:rollback` under its safety net; \
                 use no option (the last batch) or --step N there"
            );
        }
        let mut artisan = vec!["migrate:rollback"];
        artisan.extend(step.as_deref());
        artisan.push("--force");
        return crate::commands::artisan::wrap(
            global,
            &ctx,
            &artisan,
            args.accept_loss,
            args.lock.lock_timeout,
            out,
        );
    }
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
    crate::commands::migrate::hold_runner_lock(conn.as_mut(), args.lock.lock_timeout)?;
    out.progress(format!(
        "rolling back on {} ({})",
        ctx.settings.database,
        conn.server()
    ));
    let history = KeelHistory;
    let mut backup_id: Option<String> = None;
    let mut armed: Option<Guard> = None;
    if *no_backup {
        out.warn("--no-backup: no backup is taken before rolling back; data the down scripts drop is gone for good.");
        guard::warn_off("--no-backup", out);
    } else {
        // A backup is taken only when history has something to roll back.
        let planned = Migrator::new(conn.as_mut(), &history, &set.migrations)
            .rollback_plan(&target)
            .unwrap_or_default();
        if !planned.is_empty() {
            let batch: Vec<BatchScript> = planned
                .iter()
                .filter_map(|id| set.migrations.iter().find(|m| &m.id == id))
                .map(|m| BatchScript {
                    migration: m.label(),
                    text: m.down.text.clone(),
                    allows_loss: m.down.directives().allows_loss,
                })
                .collect();
            let mut guard = guard::arm(&ctx, conn.as_mut(), &batch)?;
            if let Some(id) = guard::back_up_and_measure(
                &ctx,
                conn.as_mut(),
                &mut guard,
                "pre-rollback",
                "nothing was run",
                out,
            )? {
                backup_id = Some(id);
                armed = Some(guard);
            }
        }
    }
    ctx.journal(
        "rollback.started",
        json!({ "target": format!("{target:?}"), "backup": backup_id, "guard": armed.is_some() }),
    )?;
    let options = RollbackOptions {
        target,
        lock_timeout: Duration::from_secs(lock.lock_timeout),
    };
    let mut progress = Progress::new(out);
    let result =
        Migrator::new(conn.as_mut(), &history, &set.migrations).rollback(&options, &mut progress);
    match result {
        Ok(report) => {
            ctx.journal(
                "rollback.finished",
                json!({ "rolled_back": report.rolled_back, "warnings": report.warnings }),
            )?;
            for w in &report.warnings {
                out.warn(w);
            }
            let judgement = match (&armed, &backup_id, report.rolled_back.is_empty()) {
                (Some(g), Some(id), false) => {
                    Some(guard::judge(&ctx, conn.as_mut(), g, id, *accept_loss, out)?)
                }
                _ => None,
            };
            let mut json = json!({
                "rolled_back": report.rolled_back,
                "backup": backup_id,
                "warnings": report.warnings,
                "data_loss": [],
                "moves": [],
                "guard": judgement.is_some(),
            });
            if let Some(j) = &judgement {
                merge(&mut json, j.json(*accept_loss));
                if j.refused() {
                    json["rolled_back"] = json!([]);
                    json["undone"] = json!(report.rolled_back);
                }
            }
            out.report(&json);
            if let Some(j) = &judgement {
                guard::render(j, *accept_loss, out);
                if j.refused() {
                    out.error_to_stderr(&format!(
                        "the down scripts made values disappear, so keel put the database back as it was before the rollback ({} still applied: {})",
                        report.rolled_back.len(),
                        report.rolled_back.join(", ")
                    ));
                    return Ok(ExitStatus::Problem);
                }
            }
            if report.rolled_back.is_empty() {
                out.line("Nothing to roll back.");
            } else {
                out.line(format!(
                    "rolled back {} migration{}: {}",
                    report.rolled_back.len(),
                    if report.rolled_back.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    report.rolled_back.join(", ")
                ));
                if let Some(id) = &backup_id {
                    out.line(format!(
                        "backup taken first: {id}; undo with: keel backup restore {id}"
                    ));
                }
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => {
            ctx.journal(
                "rollback.failed",
                json!({ "rolled_back": progress.finished, "failed": e.failed_id(), "error": e.to_string() }),
            )?;
            out.report(&json!({
                "rolled_back": progress.finished,
                "backup": backup_id,
                "error": e.to_string(),
                "failed": e.failed_id(),
            }));
            if !progress.finished.is_empty() {
                out.progress(format!(
                    "rolled back before the failure: {}",
                    progress.finished.join(", ")
                ));
            }
            out.error_to_stderr(&e.to_string());
            Ok(status_of(&e))
        }
    }
}
