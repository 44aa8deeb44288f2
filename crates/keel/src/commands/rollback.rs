use std::time::Duration;

use anyhow::Result;
use keel_migrate::{KeelHistory, Migrator, RollbackOptions, RollbackTarget};
use serde_json::json;

use crate::args::{GlobalArgs, RollbackArgs};
use crate::commands::{status_of, Progress};
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
    if *no_backup {
        out.warn("--no-backup: no backup is taken before rolling back.");
    } else {
        out.warn("no backup was taken: this version of keel cannot take backups yet.");
    }
    ctx.journal(
        "rollback.started",
        json!({ "target": format!("{target:?}"), "backup": null }),
    )?;
    let history = KeelHistory;
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
            out.report(&json!({ "rolled_back": report.rolled_back, "backup": null, "warnings": report.warnings }));
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
                "backup": null,
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
