use anyhow::{Context as _, Result};
use keel_driver::DbUrl;
use keel_model::Snapshot;
use serde_json::json;

use crate::args::{DiffArgs, GlobalArgs};
use crate::commands::verify::review_line;
use crate::context::Context;
use crate::drivers;
use crate::output::Output;
use crate::scratch;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &DiffArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "diff")?;
    if let Some(emit) = args.emit.as_deref() {
        if emit != "sql" && emit != "laravel" {
            anyhow::bail!("--emit {emit} is not known; use --emit sql or --emit laravel");
        }
    }
    let from =
        side(&ctx, &args.from, out).with_context(|| format!("cannot read FROM ({})", args.from))?;
    let to = side(&ctx, &args.to, out).with_context(|| format!("cannot read TO ({})", args.to))?;
    let family = |e: &str| {
        if e == "mariadb" {
            "mysql".to_string()
        } else {
            e.to_string()
        }
    };
    if family(&from.engine) != family(&to.engine) {
        anyhow::bail!(
            "FROM is a {} schema and TO is a {} schema; keel compares schemas of the same engine",
            from.engine,
            to.engine
        );
    }
    let changes = keel_diff::compare(&from, &to);
    if args.emit.as_deref() == Some("laravel") {
        return emit_laravel(args, &from, &to, changes.is_empty(), out);
    }
    if args.emit.is_some() {
        return emit_sql(args, &from, &to, changes.is_empty(), out);
    }
    out.report(&json!({ "in_sync": changes.is_empty(), "changes": changes }));
    if changes.is_empty() {
        out.line("no differences");
        return Ok(ExitStatus::Success);
    }
    for change in &changes {
        out.line(review_line(change, &args.to, &args.from));
    }
    Ok(ExitStatus::Problem)
}

/// Reads one side of a diff: `migrations` (replayed into a scratch database of the configured
/// engine), a database URL, or a snapshot file.
fn side(ctx: &Context, spec: &str, out: &Output) -> Result<Snapshot> {
    let options = ctx.inspect_options();
    if spec == "migrations" {
        let mut conn = ctx.connect()?;
        let migrations = ctx.replayable_migrations(conn.url().dialect())?;
        return scratch::with_scratch(conn.as_mut(), |url| {
            out.detail(format!(
                "replaying {} migrations into scratch database {url}",
                migrations.len()
            ));
            scratch::replay_migrations(&migrations, url, &options)
        });
    }
    if spec.contains("://") || spec.starts_with("sqlite:") {
        let url = DbUrl::parse(spec)?;
        let mut conn = drivers::connect(&url)?;
        return Ok(conn.inspect(&options)?);
    }
    let path = ctx.settings.root.join(spec);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Snapshot::from_json(&text)?)
}

/// `--emit laravel`: one anonymous-class migration whose `up()` turns FROM into TO and whose
/// `down()` is its own diff back; what the Schema builder cannot say is `DB::statement`.
fn emit_laravel(
    args: &DiffArgs,
    from: &Snapshot,
    to: &Snapshot,
    same: bool,
    out: &Output,
) -> Result<ExitStatus> {
    let ddl = drivers::ddl(&from.engine).ok_or_else(|| {
        anyhow::anyhow!("--emit laravel is not available for {} yet; `keel diff` without --emit lists the differences", from.engine)
    })?;
    // A side given as a URL is named without its password: the file goes into git.
    let name = |spec: &str| match DbUrl::parse(spec) {
        Ok(url) if spec.contains("://") || spec.starts_with("sqlite:") => url.to_string(),
        _ => spec.to_string(),
    };
    let header = [format!(
        "Written by keel diff --emit laravel: from {} to {}.",
        name(&args.from),
        name(&args.to)
    )];
    if !(args.rename_table.is_empty()
        && args.rename_column.is_empty()
        && args.rename_index.is_empty())
    {
        anyhow::bail!(
            "--rename-table, --rename-column and --rename-index work with --emit sql only; \
             without them --emit laravel writes a rename as a drop and an add, so write the \
             rename in the PHP by hand (Schema::rename, renameColumn) or use --emit sql"
        );
    }
    let php = keel_laravel::write::migration(from, to, ddl, &header)?;
    // The same warnings as --emit sql: what the migration drops is gone when it runs.
    let up = keel_plan::plan(from, to, ddl, &keel_plan::PlanOptions::default())?;
    for step in up.destructive() {
        out.warn(format!(
            "destructive: {}",
            step.sql.lines().next().unwrap_or_default()
        ));
    }
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let now = time::OffsetDateTime::now_utc();
            let path = dir.join(keel_laravel::write::file_name(&now, "schema_diff"));
            if path.exists() {
                anyhow::bail!("{} already exists; nothing was written", path.display());
            }
            std::fs::write(&path, &php)
                .with_context(|| format!("cannot write {}", path.display()))?;
            out.line(format!("wrote {}", path.display()));
            out.report(&json!({ "in_sync": same, "files": [path.display().to_string()] }));
        }
        None => {
            if out.json() {
                out.report(&json!({ "in_sync": same, "php": php }));
            } else {
                let _ = std::io::Write::write_all(&mut std::io::stdout(), php.as_bytes());
            }
        }
    }
    Ok(if same {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

/// `--emit sql`: the up script is `plan(FROM, TO)`, the down script its own diff,
/// `plan(TO, FROM)` — never the up statements reversed.
fn emit_sql(
    args: &DiffArgs,
    from: &Snapshot,
    to: &Snapshot,
    same: bool,
    out: &Output,
) -> Result<ExitStatus> {
    let ddl = drivers::ddl(&from.engine).ok_or_else(|| {
        anyhow::anyhow!("--emit sql is not available for {} yet; `keel diff` without --emit lists the differences", from.engine)
    })?;
    let mut renames = keel_plan::RenameHints::default();
    for hint in &args.rename_table {
        let (old, new) = hint
            .split_once('=')
            .with_context(|| format!("--rename-table {hint}: write OLD=NEW"))?;
        renames.tables.insert(old.to_string(), new.to_string());
    }
    for hint in &args.rename_column {
        let (old, new) = hint
            .split_once('=')
            .with_context(|| format!("--rename-column {hint}: write TABLE.OLD=NEW"))?;
        if !old.contains('.') {
            anyhow::bail!("--rename-column {hint}: name the table, as TABLE.OLD=NEW");
        }
        renames.columns.insert(old.to_string(), new.to_string());
    }
    for hint in &args.rename_index {
        let (old, new) = hint
            .split_once('=')
            .with_context(|| format!("--rename-index {hint}: write TABLE.OLD=NEW"))?;
        if !old.contains('.') {
            anyhow::bail!("--rename-index {hint}: name the table, as TABLE.OLD=NEW");
        }
        renames.indexes.insert(old.to_string(), new.to_string());
    }
    let mut reverse = keel_plan::RenameHints::default();
    for (old, new) in &renames.tables {
        reverse.tables.insert(new.clone(), old.clone());
    }
    for (old, new) in &renames.columns {
        if let Some((table, column)) = old.rsplit_once('.') {
            let table = renames
                .tables
                .get(table)
                .cloned()
                .unwrap_or_else(|| table.to_string());
            reverse
                .columns
                .insert(format!("{table}.{new}"), column.to_string());
        }
    }
    for (old, new) in &renames.indexes {
        if let Some((table, index)) = old.rsplit_once('.') {
            let table = renames
                .tables
                .get(table)
                .cloned()
                .unwrap_or_else(|| table.to_string());
            reverse
                .indexes
                .insert(format!("{table}.{new}"), index.to_string());
        }
    }
    let up = keel_plan::plan(from, to, ddl, &keel_plan::PlanOptions { renames })?;
    let down = keel_plan::plan(to, from, ddl, &keel_plan::PlanOptions { renames: reverse })?;
    for step in up.destructive() {
        out.warn(format!(
            "destructive: {}",
            step.sql.lines().next().unwrap_or_default()
        ));
    }
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            // Always keel's own two-file layout: it is the one that holds an up and a down script
            // as separate files.
            let layout: &dyn keel_migrate::Layout = &keel_migrate::layout::KeelLayout;
            let existing = keel_migrate::layout::load(dir)
                .map(|s| s.migrations)
                .unwrap_or_default();
            let ids: Vec<&str> = existing.iter().map(|m| m.id.as_str()).collect();
            let version = layout.next_version(&ids, &time::OffsetDateTime::now_utc());
            let files = layout.new_files(dir, &version, "schema_diff");
            let mut written = Vec::new();
            for (file, sql) in files.iter().zip([up.to_sql(), down.to_sql()]) {
                if file.path.exists() {
                    anyhow::bail!(
                        "{} already exists; nothing was written",
                        file.path.display()
                    );
                }
                std::fs::write(&file.path, sql)
                    .with_context(|| format!("cannot write {}", file.path.display()))?;
                written.push(file.path.display().to_string());
            }
            for path in &written {
                out.line(format!("wrote {path}"));
            }
            out.report(&json!({ "in_sync": same, "files": written }));
        }
        None => {
            if out.json() {
                out.report(&json!({ "in_sync": same, "up": up.to_sql(), "down": down.to_sql() }));
            } else {
                let _ = std::io::Write::write_all(&mut std::io::stdout(), up.to_sql().as_bytes());
            }
        }
    }
    Ok(if same {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}
