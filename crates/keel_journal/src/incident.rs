//! The incident report: what the journal knows about a bad deploy, as Markdown a team can paste
//! into its post-mortem. Facts come from the events; where only a human can judge (who was
//! affected, why the change reached production) the report leaves a marked blank.

use std::fmt::Write as _;

use serde_json::Value;

use crate::Event;

/// A finding of the linter that would have caught the change, found by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintHit {
    /// Rule id (`drop-before-copy`).
    pub rule: String,
    /// `migrations/0005_drop_caption.up.sql:3`.
    pub location: String,
    /// The rule's message.
    pub message: String,
}

/// One column or table whose values disappeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostValues {
    /// `photos.caption`, or `photos` for rows.
    pub object: String,
    /// Values (or rows) before.
    pub before: u64,
    /// Values (or rows) after.
    pub after: u64,
    /// Whether the loss was kept (`--accept-loss`) rather than undone by the guard.
    pub accepted: bool,
}

/// The facts of an incident, read from journal events.
#[derive(Debug, Clone, Default)]
pub struct Incident {
    /// The database, as journaled (redacted).
    pub database: String,
    /// Every event in the window, oldest first.
    pub events: Vec<Event>,
    /// Losses the data guard reported.
    pub losses: Vec<LostValues>,
    /// Migrations applied in the window.
    pub applied: Vec<String>,
    /// Migrations that failed in the window.
    pub failed: Vec<String>,
    /// Backups restored in the window (by `backup restore`, the guard or `recover`).
    pub restored: Vec<String>,
    /// Maintenance periods: start, and end when it ended.
    pub maintenance: Vec<(String, Option<String>)>,
    /// Whether a batch ran without the pre-migration backup and guard.
    pub unguarded: bool,
    /// Whether migration files were written back by `keel reconstruct`.
    pub reconstructed: Vec<String>,
}

/// Events that mean something went wrong, used to find the default window.
fn is_problem(e: &Event) -> bool {
    matches!(
        e.event.as_str(),
        "migrate.failed"
            | "rollback.failed"
            | "guard.restored"
            | "guard.restore_failed"
            | "backup.restored"
    ) || e.event.starts_with("recover.")
        || e.event == "reconstruct.written"
        || (e.event == "guard.verdict" && has_items(&e.details["data_loss"]))
}

fn has_items(v: &Value) -> bool {
    v.as_array().is_some_and(|a| !a.is_empty())
}

/// Where a report starts when no `--since` is given: the start of the command that led to the
/// latest problem (so the report covers the batch, the loss and everything done about it), or
/// `None` when the journal shows no problem.
pub fn default_since(events: &[Event]) -> Option<String> {
    let first_problem_of_last_incident = events.iter().rposition(is_problem)?;
    let start = events[..first_problem_of_last_incident]
        .iter()
        .rposition(|e| e.event.ends_with(".started"))
        .unwrap_or(first_problem_of_last_incident);
    Some(events[start].ts.clone())
}

/// Reads the incident in `events` at or after `since` (RFC 3339 timestamps compare as text).
pub fn incident(events: &[Event], since: &str) -> Incident {
    let window: Vec<Event> = events
        .iter()
        .filter(|e| e.ts.as_str() >= since)
        .cloned()
        .collect();
    let mut out = Incident {
        database: window
            .last()
            .map(|e| e.database.clone())
            .unwrap_or_default(),
        ..Incident::default()
    };
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    for e in &window {
        let d = &e.details;
        match e.event.as_str() {
            "migrate.finished" => out.applied.extend(strings(&d["applied"])),
            "migrate.failed" | "rollback.failed" if d["failed"].is_string() => {
                out.failed
                    .push(d["failed"].as_str().unwrap_or_default().to_string());
            }
            "migrate.started" | "rollback.started"
                if d["backup"].is_null() || d["guard"] == Value::Bool(false) =>
            {
                out.unguarded = true;
            }
            "guard.verdict" => {
                let accepted = d["accepted"] == Value::Bool(true);
                for r in d["rows_removed"].as_array().into_iter().flatten() {
                    out.losses.push(LostValues {
                        object: r["table"].as_str().unwrap_or("?").to_string(),
                        before: r["before"].as_u64().unwrap_or(0),
                        after: r["after"].as_u64().unwrap_or(0),
                        accepted,
                    });
                }
                for l in d["data_loss"].as_array().into_iter().flatten() {
                    let table = l["table"].as_str().unwrap_or("?");
                    let object = match l["column"].as_str() {
                        Some(c) => format!("{table}.{c}"),
                        None => table.to_string(),
                    };
                    out.losses.push(LostValues {
                        object,
                        before: l["before"].as_u64().unwrap_or(0),
                        after: l["after"].as_u64().unwrap_or(0),
                        accepted,
                    });
                }
            }
            "guard.restored" | "backup.restored" => {
                if let Some(id) = d["backup"].as_str().or_else(|| d["id"].as_str()) {
                    out.restored.push(id.to_string());
                }
            }
            "maintenance.on" => out.maintenance.push((e.ts.clone(), None)),
            "maintenance.off" => {
                if let Some(open) = out.maintenance.iter_mut().rev().find(|m| m.1.is_none()) {
                    open.1 = Some(e.ts.clone());
                }
            }
            "reconstruct.written" => out.reconstructed.extend(strings(&d["lost"])),
            _ => {}
        }
    }
    out.events = window;
    out
}

/// `1204` → `1,204`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const BLANK: &str = "_(to be filled in)_";

impl Incident {
    /// The report as Markdown. `lint` holds findings that would have flagged the migrations
    /// involved; `generated_at` stamps the report.
    pub fn to_markdown(&self, lint: &[LintHit], generated_at: &str) -> String {
        let mut md = String::new();
        let first = self.events.first().map_or("-", |e| e.ts.as_str());
        let last = self.events.last().map_or("-", |e| e.ts.as_str());
        let _ = writeln!(md, "# Incident report: {}\n", self.database);
        let _ = writeln!(
            md,
            "Generated by keel at {generated_at} from its journal: {} events from {first} to {last}. \
             Sections marked {BLANK} need a person.\n",
            self.events.len()
        );

        md.push_str("## What happened\n\n");
        if !self.applied.is_empty() {
            let _ = writeln!(md, "- Migrations applied: {}.", code_list(&self.applied));
        }
        if !self.failed.is_empty() {
            let _ = writeln!(md, "- Migrations that failed: {}.", code_list(&self.failed));
        }
        for l in &self.losses {
            let _ = writeln!(
                md,
                "- The data guard saw values disappear: `{}` {} → {}{}.",
                l.object,
                thousands(l.before),
                thousands(l.after),
                if l.accepted {
                    " (kept with `--accept-loss`)"
                } else {
                    " (undone by the guard)"
                }
            );
        }
        for id in &self.restored {
            let _ = writeln!(md, "- Backup `{id}` was restored.");
        }
        if !self.reconstructed.is_empty() {
            let _ = writeln!(
                md,
                "- Lost migration files were written back by `keel reconstruct`: {}.",
                code_list(&self.reconstructed)
            );
        }
        if self.applied.is_empty()
            && self.failed.is_empty()
            && self.losses.is_empty()
            && self.restored.is_empty()
        {
            md.push_str("- The journal shows no migration, loss or restore in this window.\n");
        }

        md.push_str("\n## Impact\n\n");
        let mut tables: Vec<&str> = self
            .losses
            .iter()
            .map(|l| l.object.split('.').next().unwrap_or(&l.object))
            .collect();
        tables.sort_unstable();
        tables.dedup();
        if tables.is_empty() {
            md.push_str("- Data: the guard reported no lost values.\n");
        } else {
            let _ = writeln!(md, "- Tables affected: {}.", code_list(&tables));
            // A loss without a column counts rows; with one, values.
            let lost = |rows: bool| -> u64 {
                self.losses
                    .iter()
                    .filter(|l| l.object.contains('.') != rows)
                    .map(|l| l.before.saturating_sub(l.after))
                    .sum()
            };
            let _ = writeln!(
                md,
                "- Lost at the worst point: {} value(s) and {} row(s), in {} place(s).",
                thousands(lost(false)),
                thousands(lost(true)),
                self.losses.len()
            );
        }
        if self.maintenance.is_empty() {
            md.push_str("- Maintenance mode: not used in this window.\n");
        }
        for (on, off) in &self.maintenance {
            match off {
                Some(off) => {
                    let _ = writeln!(md, "- Maintenance mode: on at {on}, off at {off}.");
                }
                None => {
                    let _ = writeln!(md, "- Maintenance mode: on since {on}, **still on**.");
                }
            }
        }
        let _ = writeln!(md, "- Users and features affected: {BLANK}");

        md.push_str("\n## Root cause, as keel saw it\n\n");
        if self.losses.is_empty() && self.failed.is_empty() {
            md.push_str("- keel recorded no loss or failure; see the timeline.\n");
        }
        for l in &self.losses {
            let _ = writeln!(
                md,
                "- `{}` lost {} of {} values in this batch, and no migration declared it (`-- keel:allows-loss {}`).",
                l.object,
                thousands(l.before.saturating_sub(l.after)),
                thousands(l.before),
                l.object
            );
        }
        for id in &self.failed {
            let _ = writeln!(
                md,
                "- Migration `{id}` failed; its error is in the timeline."
            );
        }
        for hit in lint {
            let _ = writeln!(
                md,
                "- `keel lint` rule `{}` flags it: {}: {}",
                hit.rule, hit.location, hit.message
            );
        }
        if self.unguarded {
            md.push_str("- A batch ran without the pre-migration backup and the data guard (`--no-backup`).\n");
        }
        let _ = writeln!(md, "- Why it reached production: {BLANK}");

        md.push_str("\n## Resolution\n\n");
        let steps: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| {
                e.event.starts_with("recover.")
                    || e.event.starts_with("maintenance.")
                    || matches!(
                        e.event.as_str(),
                        "guard.restored"
                            | "backup.restored"
                            | "backup.created"
                            | "check.finished"
                            | "reconstruct.written"
                            | "rollback.finished"
                    )
            })
            .collect();
        if steps.is_empty() {
            md.push_str("- No resolution step is journaled yet.\n");
        }
        for e in steps {
            let _ = writeln!(md, "- {} — `{}` ({})", e.ts, e.event, summary(&e.details));
        }

        md.push_str(
            "\n## Timeline\n\n| time (UTC) | command | event | details |\n|---|---|---|---|\n",
        );
        for e in &self.events {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                e.ts,
                e.command,
                e.event,
                summary(&e.details).replace('|', "\\|")
            );
        }

        md.push_str("\n## Prevention\n\n");
        let mut rules: Vec<&str> = lint.iter().map(|h| h.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        if !rules.is_empty() {
            let _ = writeln!(
                md,
                "- Run `keel lint` in CI and block merges on errors: {} would have stopped this change.",
                code_list(&rules)
            );
        }
        if !self.losses.is_empty() {
            md.push_str("- Copy data before dropping its column or table, in the same migration or an earlier one; declare intended losses with `-- keel:allows-loss`.\n");
        }
        if self.losses.iter().any(|l| l.accepted) {
            md.push_str("- Treat `--accept-loss` as a two-person decision.\n");
        }
        if self.unguarded {
            md.push_str("- Keep the pre-migration backup and the guard on: drop `--no-backup` from deploy scripts.\n");
        }
        if !self.reconstructed.is_empty() {
            md.push_str("- Block deleting or editing committed migrations: `keel hook install`, and `keel lint --since origin/main` in CI.\n");
        }
        let _ = writeln!(md, "- Other actions: {BLANK}");
        md
    }
}

fn code_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A short, single-line summary of an event's details.
fn summary(details: &Value) -> String {
    match details {
        Value::Null => String::new(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null() && v != &&Value::Array(Vec::new()))
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; ")
            .replace('\n', " "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(ts: &str, command: &str, event: &str, details: Value) -> Event {
        Event {
            ts: ts.into(),
            command: command.into(),
            database: "sqlite://app.db".into(),
            event: event.into(),
            details,
        }
    }

    fn the_caption_incident() -> Vec<Event> {
        vec![
            at(
                "2026-11-20T09:00:00.000Z",
                "migrate",
                "migrate.started",
                json!({"backup": "app-1-pre-migrate", "guard": true}),
            ),
            at(
                "2026-11-20T09:00:01.000Z",
                "migrate",
                "migrate.finished",
                json!({"applied": ["0001_photos"], "batch": 1}),
            ),
            at(
                "2026-11-22T10:00:00.000Z",
                "migrate",
                "migrate.started",
                json!({"backup": "app-2-pre-migrate", "guard": true}),
            ),
            at(
                "2026-11-22T10:00:02.000Z",
                "migrate",
                "migrate.finished",
                json!({"applied": ["0002_posts", "0003_drop_caption"], "batch": 2}),
            ),
            at(
                "2026-11-22T10:00:03.000Z",
                "migrate",
                "guard.verdict",
                json!({"data_loss": [{"table": "photos", "column": "caption", "before": 1204, "after": 0}], "accepted": true}),
            ),
            at(
                "2026-11-22T10:20:00.000Z",
                "recover",
                "maintenance.on",
                json!({}),
            ),
            at(
                "2026-11-22T10:21:00.000Z",
                "recover",
                "backup.restored",
                json!({"id": "app-2-pre-migrate"}),
            ),
            at(
                "2026-11-22T10:22:00.000Z",
                "recover",
                "maintenance.off",
                json!({}),
            ),
        ]
    }

    #[test]
    fn the_default_window_starts_at_the_batch_that_led_to_the_latest_problem() {
        assert_eq!(
            default_since(&the_caption_incident()).as_deref(),
            Some("2026-11-22T10:00:00.000Z")
        );
        assert_eq!(default_since(&the_caption_incident()[..2]), None);
    }

    #[test]
    fn the_report_names_the_loss_the_backup_and_the_timeline() {
        let events = the_caption_incident();
        let i = incident(&events, "2026-11-22T10:00:00.000Z");
        assert_eq!(i.applied, ["0002_posts", "0003_drop_caption"]);
        assert_eq!(i.restored, ["app-2-pre-migrate"]);
        assert_eq!(
            i.maintenance,
            [(
                "2026-11-22T10:20:00.000Z".to_string(),
                Some("2026-11-22T10:22:00.000Z".to_string())
            )]
        );
        let hit = LintHit {
            rule: "drop-before-copy".into(),
            location: "migrations/0003_drop_caption.up.sql:1".into(),
            message: "photos.caption is dropped before its data is copied".into(),
        };
        let md = i.to_markdown(&[hit], "2026-11-22T11:00:00Z");
        for needle in [
            "`photos.caption` 1,204 → 0 (kept with `--accept-loss`)",
            "Backup `app-2-pre-migrate` was restored",
            "Tables affected: `photos`",
            "on at 2026-11-22T10:20:00.000Z, off at 2026-11-22T10:22:00.000Z",
            "rule `drop-before-copy` flags it",
            "| 2026-11-22T10:21:00.000Z | recover | backup.restored | id: app-2-pre-migrate |",
            "`drop-before-copy` would have stopped this change",
            "Users and features affected: _(to be filled in)_",
        ] {
            assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
        }
        assert!(
            !md.contains("0001_photos"),
            "events before the window stay out:\n{md}"
        );
    }

    #[test]
    fn numbers_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
