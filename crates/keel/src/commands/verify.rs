use anyhow::{Context as _, Result};
use keel_diff::Change;
use keel_model::Snapshot;
use serde_json::json;

use crate::args::{GlobalArgs, VerifyArgs};
use crate::context::Context;
use crate::output::Output;
use crate::scratch;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &VerifyArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "verify")?;
    let against = args.against.clone().unwrap_or_else(|| "schema.json".into());
    let options = ctx.inspect_options();
    let mut conn = ctx.connect()?;
    let engine = conn.server().flavor.name().to_string();
    let (expected, label) = if against == "migrations" {
        let migrations = ctx.replayable_migrations(conn.url().dialect())?;
        let live_options = options.clone();
        let replayed = scratch::with_scratch(conn.as_mut(), |url| {
            out.detail(format!(
                "replaying {} migrations into scratch database {url}",
                migrations.len()
            ));
            scratch::replay_migrations(&migrations, url, &live_options)
        })?;
        out.detail("scratch database dropped");
        (replayed, "the migrations")
    } else {
        let path = ctx.settings.root.join(&against);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {}; run `keel snapshot` to write it, or pass --against FILE",
                path.display()
            )
        })?;
        let snapshot = Snapshot::from_json(&text)
            .with_context(|| format!("{} cannot be used", path.display()))?;
        if !same_engine(&snapshot.engine, &engine) {
            anyhow::bail!(
                "{} was taken from a {} database, but this database is {engine}; compare snapshots of the same engine",
                path.display(),
                snapshot.engine
            );
        }
        (snapshot, "schema.json")
    };
    let live = conn.inspect(&options)?;
    let changes = keel_diff::compare(&expected, &live);
    out.report(&json!({ "in_sync": changes.is_empty(), "changes": changes }));
    if changes.is_empty() {
        out.line(format!("in sync: the database matches {label}"));
        return Ok(ExitStatus::Success);
    }
    for change in &changes {
        out.line(review_line(change, "the database", label));
    }
    out.line(format!(
        "\n{} difference(s) between the database and {label}",
        changes.len()
    ));
    Ok(ExitStatus::Problem)
}

fn same_engine(a: &str, b: &str) -> bool {
    let family = |e: &str| {
        if e == "mariadb" {
            "mysql".to_string()
        } else {
            e.to_string()
        }
    };
    family(a) == family(b)
}

/// One change as a reviewer would write it: `device_tokens.revoked_at: column exists in the
/// database but not in schema.json`.
pub(crate) fn review_line(change: &Change, second: &str, first: &str) -> String {
    let object = change
        .kind
        .rsplit_once('_')
        .map_or(change.kind.as_str(), |(o, _)| o)
        .replace('_', " ");
    let text = if change.is_added() {
        format!("{object} exists in {second} but not in {first}")
    } else if change.is_removed() {
        format!("{object} is in {first} but not in {second}")
    } else {
        format!("{object} differs: {}", change.detail)
    };
    format!("{}: {text}", change.path())
}
