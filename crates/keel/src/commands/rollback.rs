use std::time::Duration;

use anyhow::Result;
use keel_migrate::{KeelHistory, Migrator, RollbackOptions, RollbackTarget};
use serde_json::json;

use crate::args::{GlobalArgs, RollbackArgs};
use crate::commands::{backup, status_of, Progress};
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
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
    out.progress(format!(
        "rolling back on {} ({})",
        ctx.settings.database,
        conn.server()
    ));
    let history = KeelHistory;
    let mut backup_id: Option<String> = None;
    if *no_backup {
        out.warn("--no-backup: no backup is taken before rolling back; data the down scripts drop is gone for good.");
    } else {
        // A backup is taken only when history has something to roll back.
        let status = Migrator::new(conn.as_mut(), &history, &set.migrations).status();
        let something = status.map_or(true, |s| {
            s.summary.applied + s.summary.missing + s.summary.modified + s.summary.failed > 0
        });
        if something {
            match backup::take_automatic(&ctx, conn.as_mut(), "pre-rollback", out)? {
                Some(created) => backup_id = Some(created.manifest.id),
                None => out.warn(format!(
                    "no backup was taken: keel cannot back up {} databases yet.",
                    conn.server().dialect
                )),
            }
        }
    }
    ctx.journal(
        "rollback.started",
        json!({ "target": format!("{target:?}"), "backup": backup_id }),
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
            out.report(&json!({ "rolled_back": report.rolled_back, "backup": backup_id, "warnings": report.warnings }));
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
