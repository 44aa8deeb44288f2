use anyhow::Result;
use keel_laravel::LaravelHistory;
use keel_migrate::{KeelHistory, MigrationState, Migrator, StatusReport};

use crate::args::GlobalArgs;
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "status")?;
    let report = match ctx.laravel_migrations_dir() {
        // Laravel: the PHP files against Laravel's own `migrations` table.
        Some(dir) => {
            let files = keel_laravel::source::load(dir)?;
            let migrations = keel_laravel::source::for_status(&files);
            let mut conn = ctx.connect()?;
            let history = LaravelHistory::default();
            Migrator::new(conn.as_mut(), &history, &migrations).status()?
        }
        None => {
            let set = ctx.migrations()?;
            let mut conn = ctx.connect()?;
            let history = KeelHistory;
            Migrator::new(conn.as_mut(), &history, &set.migrations).status()?
        }
    };
    out.report(&report);
    render(&report, ctx.laravel_migrations_dir().is_some(), out);
    Ok(if report.is_clean() {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

fn render(report: &StatusReport, laravel: bool, out: &Output) {
    if report.migrations.is_empty() {
        out.line("No migrations yet: `keel new NAME` writes the first one.");
        return;
    }
    let id_w = report
        .migrations
        .iter()
        .map(|m| m.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let name_w = report
        .migrations
        .iter()
        .map(|m| m.name.len())
        .max()
        .unwrap_or(4)
        .clamp(4, 48);
    out.line(format!(
        "{:id_w$}  {:name_w$}  {:8}  {:>5}  APPLIED AT",
        "ID", "NAME", "STATE", "BATCH"
    ));
    for m in &report.migrations {
        let mut line = format!(
            "{:id_w$}  {:name_w$}  {:8}  {:>5}  {}",
            m.id,
            m.name,
            m.state.as_str(),
            m.batch.map(|b| b.to_string()).unwrap_or_default(),
            m.applied_at.as_deref().unwrap_or(""),
        );
        if let Some(error) = &m.error {
            line.push_str(&format!("\n{:id_w$}  ↳ {error}", ""));
        }
        out.line(line.trim_end());
    }
    let s = &report.summary;
    out.line(format!(
        "\n{} applied, {} pending, {} missing, {} modified, {} failed",
        s.applied, s.pending, s.missing, s.modified, s.failed
    ));
    if s.missing > 0 {
        let ids: Vec<&str> = report
            .in_state(MigrationState::Missing)
            .map(|m| m.id.as_str())
            .collect();
        if laravel {
            out.line(format!(
                "missing: {} ran on this database (Laravel's `migrations` table) but {} no file in database/migrations;                  `php artisan migrate:status` does not show such rows. Restore the files from git.",
                ids.join(", "),
                if ids.len() == 1 { "has" } else { "have" }
            ));
        } else {
            out.line(format!(
                "missing: {} ran on this database but {} no file. Restore from git, or rebuild with `keel reconstruct`.",
                ids.join(", "),
                if ids.len() == 1 { "has" } else { "have" }
            ));
        }
    }
    if s.modified > 0 {
        let ids: Vec<&str> = report
            .in_state(MigrationState::Modified)
            .map(|m| m.id.as_str())
            .collect();
        out.line(format!(
            "modified: {} changed after running. Restore the original, or accept with `keel mark-applied {}`.",
            ids.join(", "),
            ids.join(" ")
        ));
    }
    if s.failed > 0 {
        let ids: Vec<&str> = report
            .in_state(MigrationState::Failed)
            .map(|m| m.id.as_str())
            .collect();
        out.line(format!(
            "failed: {} did not finish. `keel rollback --step 1` runs its down script, `keel mark-applied` accepts it, `keel mark-pending` forgets it.",
            ids.join(", ")
        ));
    }
}
