//! `keel check`: the data's integrity, by the schema's declared foreign keys, the columns
//! keel.toml requires, and its `[[check]]` assertions.

use anyhow::Result;
use keel_guard::Assertion;
use serde_json::json;

use crate::args::GlobalArgs;
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "check")?;
    let mut conn = ctx.connect()?;
    out.progress(format!(
        "checking {} ({})",
        ctx.settings.database,
        conn.server()
    ));
    let mut options = ctx.inspect_options();
    options.protect.clear();
    let schema = conn.inspect(&options)?;
    let assertions: Vec<Assertion> = ctx
        .settings
        .checks
        .iter()
        .map(|c| Assertion {
            name: c.name.clone(),
            sql: c.sql.clone(),
            expect: c.expect,
        })
        .collect();
    let report = keel_guard::check(conn.as_mut(), &schema, &ctx.settings.required, &assertions)?;
    ctx.journal(
        "check.finished",
        json!({ "ok": report.ok(), "failures": report.failures }),
    )?;
    out.report(&json!({
        "ok": report.ok(),
        "failures": report.failures.iter().map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["message"] = json!(f.describe());
            v
        }).collect::<Vec<_>>(),
        "checked": {
            "foreign_keys": report.foreign_keys,
            "required": report.required,
            "assertions": report.assertions,
        },
    }));
    for f in &report.failures {
        out.line(format!("FAIL {}", f.describe()));
    }
    let summary = format!(
        "{} foreign key{}, {} required column{}, {} assertion{} checked",
        report.foreign_keys,
        plural(report.foreign_keys),
        report.required,
        plural(report.required),
        report.assertions,
        plural(report.assertions),
    );
    if report.ok() {
        out.line(format!("ok: {summary}"));
        Ok(ExitStatus::Success)
    } else {
        out.line(format!("{} failure(s); {summary}", report.failures.len()));
        Ok(ExitStatus::Problem)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
