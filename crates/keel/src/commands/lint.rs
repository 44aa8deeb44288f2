//! `keel lint`: runs keel_lint over the migrations and renders the findings.

use std::io::Write;

use anyhow::{anyhow, Context as _, Result};
use keel_lint::{render, Dialect, GitSource, LintOptions, RULES};

use crate::args::{Format, GlobalArgs, LintArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &LintArgs, out: &mut Output) -> Result<ExitStatus> {
    let mut stdout = std::io::stdout().lock();
    if let Some(id) = &args.explain {
        let Some(rule) = keel_lint::rule(id) else {
            let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
            out.error_to_stderr(&format!(
                "`{id}` is not a keel lint rule; the rules are: {}",
                ids.join(", ")
            ));
            return Ok(ExitStatus::Error);
        };
        write!(stdout, "{}", keel_lint::docs::explain(rule))?;
        return Ok(ExitStatus::Success);
    }
    if let Some(dir) = &args.write_docs {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        for (name, text) in keel_lint::docs::all_files() {
            let path = dir.join(name);
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
        return Ok(ExitStatus::Success);
    }
    let ctx = Context::new(global, "lint")?;
    let dialect = match &args.dialect {
        Some(name) => Dialect::from_name(name)
            .ok_or_else(|| anyhow!("unknown dialect `{name}`; use sqlite, postgres or mysql"))?,
        None => ctx.settings.database.dialect(),
    };
    let paths = if args.paths.is_empty() {
        vec![ctx.settings.migrations_dir.clone()]
    } else {
        args.paths.clone()
    };
    let options = LintOptions {
        dialect,
        disable: ctx.settings.lint_disable.clone(),
        since: args.since.clone(),
        git_source: if args.cached {
            GitSource::Index
        } else {
            GitSource::WorkingTree
        },
        display_base: std::env::current_dir().ok(),
    };
    let report = keel_lint::lint_paths(&paths, &options)?;
    // Buffered: a large report is thousands of lines, and a locked stdout flushes each one.
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout);
    match global.format {
        Format::Human => render::human(&report, &mut w)?,
        Format::Json => render::json(&report, &mut w)?,
        Format::Sarif => render::sarif(&report, &mut w)?,
        Format::Github => render::github(&report, &mut w)?,
    }
    w.flush()?;
    let status = if report.has_errors() {
        ExitStatus::Problem
    } else {
        ExitStatus::Success
    };
    // The process ends right after this: freeing tens of thousands of findings and every
    // file's text one by one would only cost time.
    std::mem::forget(report);
    Ok(status)
}
