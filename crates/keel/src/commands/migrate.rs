use std::time::Duration;

use anyhow::Result;
use keel_migrate::{KeelHistory, MigrateOptions, MigrateReport, Migrator, NoObserver};
use serde_json::json;

use crate::args::{GlobalArgs, MigrateArgs};
use crate::commands::{backup, status_of, Progress};
use crate::context::{applied_by, Context};
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &MigrateArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "migrate")?;
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
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
    if args.no_backup {
        out.warn("--no-backup: no backup is taken before this batch; if it goes wrong, only its down scripts can undo it.");
    } else {
        // Plan first: a backup is taken only when something will run. A plan that fails
        // (history out of sync, a bad file) falls through to the real run, which reports it.
        let plan_options = MigrateOptions {
            dry_run: true,
            ..options.clone()
        };
        let plan = Migrator::new(conn.as_mut(), &history, &set.migrations)
            .migrate(&plan_options, &mut NoObserver);
        if plan.is_ok_and(|p| !p.planned.is_empty()) {
            match backup::take_automatic(&ctx, conn.as_mut(), "pre-migrate", out)? {
                Some(created) => backup_id = Some(created.manifest.id),
                None => out.warn(format!(
                    "no backup was taken: keel cannot back up {} databases yet. Take one yourself if the data matters.",
                    conn.server().dialect
                )),
            }
        }
    }
    ctx.journal(
        "migrate.started",
        json!({ "pending_files": set.migrations.len(), "to": args.to, "allow_missing": args.allow_missing, "backup": backup_id }),
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
            out.report(&json!({
                "applied": report.applied,
                "batch": report.batch,
                "backup": backup_id,
                "data_loss": [],
            }));
            match report.batch {
                Some(batch) => {
                    out.line(format!(
                        "applied {} migration{} in batch {batch}.",
                        report.applied.len(),
                        if report.applied.len() == 1 { "" } else { "s" }
                    ));
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
