//! `keel journal` (the timeline) and `keel report incident` (the post-mortem, in Markdown).

use anyhow::{Context as _, Result};
use keel_journal::incident::{default_since, incident as read_incident, LintHit};
use keel_journal::Event;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::args::{GlobalArgs, JournalArgs, ReportIncidentArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

/// This database's events, oldest first (a journal may hold events of several databases that
/// share a backup folder).
fn events(ctx: &Context) -> Result<Vec<Event>> {
    let database = ctx.settings.database.to_string();
    let all = ctx
        .journal
        .read_all()
        .with_context(|| format!("cannot read the journal {}", ctx.journal.path().display()))?;
    Ok(all.into_iter().filter(|e| e.database == database).collect())
}

/// `--since`: an RFC 3339 time or a date compare as text with journal timestamps; an age
/// (`30m`, `6h`, `2d`) counts back from now.
pub(crate) fn since_time(spec: &str) -> Result<String> {
    let spec = spec.trim();
    let age = spec
        .strip_suffix('m')
        .map(|n| (n, 60))
        .or_else(|| spec.strip_suffix('h').map(|n| (n, 3600)))
        .or_else(|| spec.strip_suffix('d').map(|n| (n, 86_400)));
    if let Some((n, unit)) = age {
        if let Ok(n) = n.parse::<i64>() {
            let t = OffsetDateTime::now_utc() - time::Duration::seconds(n * unit);
            return Ok(keel_journal::rfc3339_millis(t));
        }
    }
    let is_date = spec.len() == 10
        && time::Date::parse(
            spec,
            &time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok();
    if is_date {
        return Ok(spec.to_string());
    }
    // Journal timestamps are UTC text; a time given with another offset is converted first.
    if let Ok(t) = OffsetDateTime::parse(spec, &Rfc3339) {
        return Ok(keel_journal::rfc3339_millis(t));
    }
    anyhow::bail!(
        "--since {spec}: write an RFC 3339 time (2026-11-22T10:00:00Z), a date (2026-11-22) or an age (30m, 6h, 2d)"
    )
}

pub(crate) fn timeline(
    global: &GlobalArgs,
    args: &JournalArgs,
    out: &Output,
) -> Result<ExitStatus> {
    let ctx = Context::new(global, "journal")?;
    let since = args.since.as_deref().map(since_time).transpose()?;
    let events: Vec<Event> = events(&ctx)?
        .into_iter()
        .filter(|e| since.as_deref().is_none_or(|s| e.ts.as_str() >= s))
        .collect();
    out.report(&json!({ "journal": ctx.journal.path(), "events": events }));
    if events.is_empty() {
        out.line(format!(
            "no events for {} in {}",
            ctx.settings.database,
            ctx.journal.path().display()
        ));
    }
    for e in &events {
        let details = if e.details.is_null() {
            String::new()
        } else {
            format!("  {}", e.details)
        };
        out.line(format!("{}  {:<12} {}{details}", e.ts, e.command, e.event));
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn incident(
    global: &GlobalArgs,
    args: &ReportIncidentArgs,
    out: &Output,
) -> Result<ExitStatus> {
    let ctx = Context::new(global, "report")?;
    let events = events(&ctx)?;
    let since = match &args.since {
        Some(spec) => since_time(spec)?,
        None => default_since(&events).ok_or_else(|| {
            anyhow::anyhow!(
                "the journal {} shows no failure, loss or restore for {}; pass --since T to report on a window anyway",
                ctx.journal.path().display(),
                ctx.settings.database
            )
        })?,
    };
    let (markdown, count) = markdown_since(&ctx, &events, &since)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &markdown)
                .with_context(|| format!("cannot write {}", path.display()))?;
            out.line(format!("incident report written to {}", path.display()));
            out.report(&json!({ "path": path, "since": since, "events": count }));
        }
        None if out.json() => {
            out.report(&json!({ "since": since, "events": count, "markdown": markdown }))
        }
        None => out.line(markdown.trim_end()),
    }
    Ok(ExitStatus::Success)
}

/// The incident report from `since` (default: the start of the latest problem), for `keel
/// recover`.
pub(crate) fn incident_markdown(ctx: &Context, since: Option<&str>) -> Result<String> {
    let events = events(ctx)?;
    let since = since
        .map(str::to_string)
        .or_else(|| default_since(&events))
        .unwrap_or_default();
    Ok(markdown_since(ctx, &events, &since)?.0)
}

/// The report over `events` from `since`, and how many events it covers.
fn markdown_since(ctx: &Context, events: &[Event], since: &str) -> Result<(String, usize)> {
    let mut found = read_incident(events, since);
    let lint = lint_hits(ctx, &found.applied);
    // History speaks in ids; the report names migrations as people know them.
    if let Ok(set) = ctx.migrations() {
        for id in found.applied.iter_mut().chain(found.failed.iter_mut()) {
            if let Some(m) = set.migrations.iter().find(|m| &m.id == id) {
                *id = m.label();
            }
        }
    }
    Ok((
        found.to_markdown(&lint, &keel_journal::now_rfc3339()),
        found.events.len(),
    ))
}

/// Error-level lint findings on the migrations the incident applied: the rule that would have
/// stopped the change. Best effort: a folder that cannot be read gives no hits.
fn lint_hits(ctx: &Context, applied: &[String]) -> Vec<LintHit> {
    let Ok(set) = ctx.migrations() else {
        return Vec::new();
    };
    let paths: Vec<_> = set
        .migrations
        .iter()
        .filter(|m| applied.iter().any(|a| a == &m.id || a == &m.label()))
        .map(|m| m.up.path.clone())
        .collect();
    if paths.is_empty() {
        return Vec::new();
    }
    let options = keel_lint::LintOptions {
        dialect: ctx.settings.database.dialect(),
        disable: ctx.settings.lint_disable.clone(),
        enable: ctx.settings.lint_enable.clone(),
        since: None,
        git_source: keel_lint::GitSource::WorkingTree,
        display_base: Some(ctx.settings.root.clone()),
    };
    let Ok(report) = keel_lint::lint_paths(&paths, &options) else {
        return Vec::new();
    };
    report
        .findings
        .iter()
        .filter(|f| f.severity == keel_lint::Severity::Error)
        .map(|f| LintHit {
            rule: f.rule.clone(),
            location: format!("{}:{}", f.file, f.line),
            message: f.message.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::since_time;

    #[test]
    fn since_accepts_times_dates_and_ages_in_the_journals_own_form() {
        assert_eq!(since_time("2026-11-22").unwrap(), "2026-11-22");
        assert_eq!(
            since_time("2026-11-22T12:00:00+02:00").unwrap(),
            "2026-11-22T10:00:00.000Z"
        );
        let hour_ago = since_time("1h").unwrap();
        assert!(hour_ago < keel_journal::now_rfc3339(), "{hour_ago}");
        assert!(
            hour_ago.ends_with('Z') && hour_ago.len() == 24,
            "{hour_ago}"
        );
        assert!(since_time("yesterday").is_err());
    }
}
