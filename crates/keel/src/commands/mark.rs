use std::time::Duration;

use anyhow::Result;
use keel_migrate::{KeelHistory, MarkReport, Migrator};
use serde_json::json;

use crate::args::{GlobalArgs, MarkAppliedArgs, MarkPendingArgs};
use crate::commands::status_of;
use crate::context::{applied_by, Context};
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn applied(
    global: &GlobalArgs,
    args: &MarkAppliedArgs,
    out: &Output,
) -> Result<ExitStatus> {
    let ctx = Context::new(global, "mark-applied")?;
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
    let history = KeelHistory;
    let result = Migrator::new(conn.as_mut(), &history, &set.migrations).mark_applied(
        &args.ids,
        &applied_by(),
        Duration::from_secs(args.lock.lock_timeout),
    );
    finish(
        &ctx,
        out,
        "history.marked_applied",
        "recorded as applied",
        result,
    )
}

pub(crate) fn pending(
    global: &GlobalArgs,
    args: &MarkPendingArgs,
    out: &Output,
) -> Result<ExitStatus> {
    let ctx = Context::new(global, "mark-pending")?;
    let set = ctx.migrations()?;
    let mut conn = ctx.connect()?;
    let history = KeelHistory;
    let result = Migrator::new(conn.as_mut(), &history, &set.migrations)
        .mark_pending(&args.ids, Duration::from_secs(args.lock.lock_timeout));
    finish(
        &ctx,
        out,
        "history.marked_pending",
        "removed from history",
        result,
    )
}

fn finish(
    ctx: &Context,
    out: &Output,
    event: &str,
    verb: &str,
    result: Result<MarkReport, keel_migrate::MigrateError>,
) -> Result<ExitStatus> {
    match result {
        Ok(report) => {
            if !report.changed.is_empty() {
                ctx.journal(event, json!({ "ids": report.changed }))?;
            }
            out.report(&json!({ "changed": report.changed, "unchanged": report.unchanged }));
            if !report.changed.is_empty() {
                out.line(format!(
                    "{verb} (history only, no SQL ran): {}",
                    report.changed.join(", ")
                ));
            }
            if !report.unchanged.is_empty() {
                out.line(format!(
                    "already so, unchanged: {}",
                    report.unchanged.join(", ")
                ));
            }
            Ok(ExitStatus::Success)
        }
        Err(e) => {
            out.report(&json!({ "error": e.to_string() }));
            out.error_to_stderr(&e.to_string());
            Ok(status_of(&e))
        }
    }
}
