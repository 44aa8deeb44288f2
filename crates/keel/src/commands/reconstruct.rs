//! `keel reconstruct`: writes back the migration files whose history rows survive but whose
//! files are gone (DESIGN §5.4), and proves them by replaying everything into a scratch database.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use keel_migrate::{
    compare_versions, HistoryStore, KeelHistory, Layout, Migration, RowState, Script,
};
use keel_reconstruct::{Attribution, Lost};
use serde_json::json;

use crate::args::{GlobalArgs, ReconstructArgs, ReconstructStyle};
use crate::commands::verify::review_line;
use crate::context::Context;
use crate::drivers;
use crate::output::Output;
use crate::scratch;
use crate::ExitStatus;

/// One file to write back.
struct Rebuilt {
    lost: Lost,
    up: String,
    down: String,
}

pub(crate) fn run(global: &GlobalArgs, args: &ReconstructArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "reconstruct")?;
    match ctx.laravel_migrations_dir() {
        Some(dir) => return run_laravel(&ctx, dir, args, out),
        None if args.style == ReconstructStyle::Laravel => anyhow::bail!(
            "--style laravel writes Schema-builder PHP for a Laravel project (an `artisan` file beside `.env`); \
             this project has SQL migrations: run `keel reconstruct --style sql`"
        ),
        None => {}
    }
    let set = ctx.migrations()?;
    let target = args.out.clone().unwrap_or_else(|| set.dir.clone());
    if args.out.is_some() && has_files(&target)? {
        anyhow::bail!(
            "{} already has files; keel writes reconstructed migrations only into an empty or new folder \
             (or, without --out, beside the surviving ones); nothing was written",
            target.display()
        );
    }
    let mut conn = ctx.connect()?;
    let history = KeelHistory;
    let rows = history.load(conn.as_mut())?;
    let on_disk = |id: &str| set.migrations.iter().any(|m| m.id == id);
    let mut lost_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.state == RowState::Applied && !on_disk(&r.id))
        .collect();
    lost_rows.sort_by(|a, b| compare_versions(&a.id, &b.id));
    if lost_rows.is_empty() {
        out.report(&json!({ "written": [] }));
        out.line("nothing to reconstruct: every applied migration has its file");
        return Ok(ExitStatus::Success);
    }
    let lost: Vec<Lost> = lost_rows
        .iter()
        .map(|r| Lost {
            id: r.id.clone(),
            name: r.name.clone(),
        })
        .collect();
    for file in lost
        .iter()
        .flat_map(|l| set.layout.new_files(&target, &l.id, &l.name))
    {
        if file.path.exists() {
            anyhow::bail!(
                "{} already exists; move it away first; nothing was written",
                file.path.display()
            );
        }
    }
    let applied = |m: &&Migration| {
        rows.iter()
            .any(|r| r.id == m.id && r.state == RowState::Applied)
    };
    let survivors: Vec<Migration> = set.migrations.iter().filter(applied).cloned().collect();
    out.line(format!(
        "{} applied migration(s) have no file: {}",
        lost.len(),
        lost.iter().map(label).collect::<Vec<_>>().join(", ")
    ));

    let options = ctx.inspect_options();
    let replayed = scratch::with_scratch(conn.as_mut(), |url| {
        out.detail(format!(
            "replaying the {} surviving migration(s) into scratch database {url}",
            survivors.len()
        ));
        scratch::replay_migrations(&survivors, url, &options).context(
            "the surviving migrations do not replay on their own (one may use what a lost one created); \
             nothing was written",
        )
    })?;
    let live = conn.inspect(&options)?;
    let split = keel_reconstruct::reconstruct(&lost, &replayed, &live);
    let ddl = drivers::ddl(&live.engine)
        .ok_or_else(|| anyhow::anyhow!("keel cannot write SQL for {} yet", live.engine))?;
    let date = time::OffsetDateTime::now_utc().date();
    let seeds = if args.reseed {
        seeds(&ctx, ddl, &lost, &split.attributions)?
    } else {
        vec![(String::new(), String::new()); lost.len()]
    };
    let mut rebuilt = Vec::new();
    for (i, l) in lost.iter().enumerate() {
        let (before, after) = (&split.states[i], &split.states[i + 1]);
        let up = keel_plan::plan(before, after, ddl, &keel_plan::PlanOptions::default())?;
        let down = keel_plan::plan(after, before, ddl, &keel_plan::PlanOptions::default())?;
        let mine: Vec<&Attribution> = split
            .attributions
            .iter()
            .filter(|a| a.migration == i)
            .collect();
        let head = header(l, &mine, date);
        let (seed_up, seed_down) = &seeds[i];
        rebuilt.push(Rebuilt {
            lost: l.clone(),
            up: format!("{head}{}{seed_up}", up.to_sql()),
            down: format!("{head}{seed_down}{}", down.to_sql()),
        });
    }

    // The proof (DESIGN §5.4): the survivors and the rebuilt files together replay into the
    // live schema.
    let mut all = survivors.clone();
    all.extend(rebuilt.iter().map(|r| in_memory(&target, r)));
    all.sort_by(|a, b| compare_versions(&a.id, &b.id));
    let proof = scratch::with_scratch(conn.as_mut(), |url| {
        out.detail(format!(
            "replaying survivors and reconstructed files into {url}"
        ));
        scratch::replay_migrations(&all, url, &options)
    })
    .context("the reconstructed migrations do not replay; nothing was written")?;
    let differences = keel_diff::compare(&proof, &live);
    if !args.reseed && differences.iter().any(|c| c.kind.contains("row")) {
        out.warn(
            "rows of protected tables differ: a lost migration seeded them; run again with --reseed \
             (after moving these files away) to write them back from schema.json",
        );
    }

    let written = write_all(set.layout, &target, &rebuilt)?;
    // The history rows keep every field but the checksum, which now describes the file that
    // exists again (the lost file's text is unknowable), so `status` is clean.
    for r in &rebuilt {
        if let Some(row) = rows.iter().find(|row| row.id == r.lost.id) {
            let mut row = row.clone();
            row.checksum = keel_migrate::checksum(&r.up);
            history.update(conn.as_mut(), &row)?;
        }
    }
    ctx.journal(
        "reconstruct.written",
        json!({
            "files": written,
            "lost": lost.iter().map(label).collect::<Vec<_>>(),
            "replay_matches_live": differences.is_empty(),
        }),
    )?;
    report(out, &lost, &split.attributions, &written, &differences);
    Ok(if differences.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

/// `--style laravel`: the lost rows of Laravel's `migrations` table come back as PHP
/// migrations named exactly as recorded, so Laravel sees them as ran; only keel's
/// `keel_checksums` sidecar learns their new checksums.
fn run_laravel(
    ctx: &Context,
    dir: &Path,
    args: &ReconstructArgs,
    out: &Output,
) -> Result<ExitStatus> {
    let target = args.out.clone().unwrap_or_else(|| dir.to_path_buf());
    if args.out.is_some() && has_files(&target)? {
        anyhow::bail!(
            "{} already has files; keel writes reconstructed migrations only into an empty or new folder \
             (or, without --out, into database/migrations); nothing was written",
            target.display()
        );
    }
    let mut conn = ctx.connect()?;
    let history = keel_laravel::LaravelHistory::default();
    if !conn.table_exists(keel_laravel::history::MIGRATIONS_TABLE)? {
        out.report(&json!({ "written": [] }));
        out.line("nothing to reconstruct: the database has no Laravel `migrations` table");
        return Ok(ExitStatus::Success);
    }
    // Laravel's own order of what ran: by batch, then by id (DatabaseMigrationRepository::getRan).
    let ran: Vec<String> = conn
        .query("SELECT migration FROM migrations ORDER BY batch, id", &[])?
        .iter()
        .filter_map(|r| {
            r.first()
                .and_then(keel_driver::Value::as_str)
                .map(str::to_string)
        })
        .collect();
    let files = keel_laravel::source::load(dir)
        .with_context(|| format!("cannot read the Laravel migrations in {}", dir.display()))?;
    let lost: Vec<Lost> = ran
        .iter()
        .filter(|id| !files.iter().any(|f| &&f.id == id))
        .map(|id| Lost {
            id: id.clone(),
            name: keel_laravel::source::descriptive_name(id),
        })
        .collect();
    if lost.is_empty() {
        out.report(&json!({ "written": [] }));
        out.line("nothing to reconstruct: every migration Laravel ran has its file");
        return Ok(ExitStatus::Success);
    }
    let path_of = |l: &Lost| target.join(format!("{}.php", l.id));
    for l in &lost {
        if path_of(l).exists() {
            anyhow::bail!(
                "{} already exists; move it away first; nothing was written",
                path_of(l).display()
            );
        }
    }
    out.line(format!(
        "{} migration(s) Laravel ran have no file: {}",
        lost.len(),
        lost.iter()
            .map(|l| l.id.clone())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let dialect = conn.url().dialect();
    let config = keel_laravel::compile::ConnectionConfig::default();
    let survivors: Vec<keel_laravel::source::LaravelFile> = files
        .iter()
        .filter(|f| ran.contains(&f.id))
        .cloned()
        .collect();
    let compiled = keel_laravel::source::compile(&survivors, dialect, &config).context(
        "keel replays the surviving Laravel migrations without PHP; nothing was written",
    )?;
    let options = ctx.inspect_options();
    let replayed = scratch::with_scratch(conn.as_mut(), |url| {
        out.detail(format!(
            "replaying the {} surviving migration(s) into scratch database {url}",
            survivors.len()
        ));
        scratch::replay_migrations(&keel_laravel::source::to_migrations(&compiled), url, &options)
            .context(
                "the surviving migrations do not replay on their own (one may use what a lost one created); \
                 nothing was written",
            )
    })?;
    let live = conn.inspect(&options)?;
    let split = keel_reconstruct::reconstruct(&lost, &replayed, &live);
    let ddl = drivers::ddl(&live.engine)
        .ok_or_else(|| anyhow::anyhow!("keel cannot write migrations for {} yet", live.engine))?;
    let date = time::OffsetDateTime::now_utc().date();
    let mut rebuilt = Vec::new();
    for (i, l) in lost.iter().enumerate() {
        let mine: Vec<&Attribution> = split
            .attributions
            .iter()
            .filter(|a| a.migration == i)
            .collect();
        let header: Vec<String> = header(l, &mine, date)
            .lines()
            .map(|line| line.trim_start_matches("--").trim_start().to_string())
            .filter(|line| !line.is_empty())
            .collect();
        let php =
            keel_laravel::write::migration(&split.states[i], &split.states[i + 1], ddl, &header)?;
        rebuilt.push(keel_laravel::source::LaravelFile {
            id: l.id.clone(),
            name: l.name.clone(),
            path: path_of(l),
            text: php,
        });
    }

    // The proof: the survivors and the rebuilt files, compiled as keel reads any Laravel
    // migration, replay into the live schema — in file-name order, as on a fresh database.
    let mut all = survivors.clone();
    all.extend(rebuilt.iter().cloned());
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let all = keel_laravel::source::compile(&all, dialect, &config)
        .context("keel cannot read back the migrations it wrote; nothing was written")?;
    let proof = scratch::with_scratch(conn.as_mut(), |url| {
        out.detail(format!(
            "replaying survivors and reconstructed files into {url}"
        ));
        scratch::replay_migrations(&keel_laravel::source::to_migrations(&all), url, &options)
    })
    .context("the reconstructed migrations do not replay; nothing was written")?;
    let differences = keel_diff::compare(&proof, &live);

    let written = write_php(&rebuilt)?;
    // Only the sidecar changes: the rows of `migrations` stay exactly as Laravel wrote them.
    history.ensure(conn.as_mut())?;
    let rows = history.load(conn.as_mut())?;
    for file in &rebuilt {
        if let Some(row) = rows.iter().find(|row| row.id == file.id) {
            let mut row = row.clone();
            row.checksum = file.checksum();
            history.update(conn.as_mut(), &row)?;
        }
    }
    ctx.journal(
        "reconstruct.written",
        json!({
            "files": written,
            "lost": lost.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
            "style": "laravel",
            "replay_matches_live": differences.is_empty(),
        }),
    )?;
    report(out, &lost, &split.attributions, &written, &differences);
    Ok(if differences.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Problem
    })
}

/// The PHP files, written as [`write_staged`] does.
fn write_php(files: &[keel_laravel::source::LaravelFile]) -> Result<Vec<String>> {
    write_staged(
        files
            .iter()
            .map(|f| (f.path.clone(), f.text.as_str()))
            .collect(),
    )
}

/// `--reseed`: for each lost migration, the INSERTs (up) and DELETEs (down) that put back the
/// protected rows schema.json recorded. A table's rows go to the lost migration whose name
/// says it seeds that table (`seed_default_roles`), else to the one that created the table,
/// else to the last lost migration.
fn seeds(
    ctx: &Context,
    ddl: &dyn keel_plan::Ddl,
    lost: &[Lost],
    attributions: &[Attribution],
) -> Result<Vec<(String, String)>> {
    let path = ctx.settings.root.join("schema.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "--reseed reads the protected rows from {}; run `keel snapshot` (with [guard] protect in keel.toml) on a good copy first. Nothing was written",
            path.display()
        )
    })?;
    let snapshot = keel_model::Snapshot::from_json(&text)
        .with_context(|| format!("{} cannot be used for --reseed", path.display()))?;
    let mut out = vec![(String::new(), String::new()); lost.len()];
    for (key, data) in &snapshot.data {
        let (schema, table) = key.split_once('.').unwrap_or(("", key));
        let words = |l: &Lost| format!("_{}_", l.name.to_lowercase());
        let names_table = |l: &Lost| words(l).contains(&format!("_{}_", table.to_lowercase()));
        let seeding = |l: &Lost| {
            ["seed", "insert", "populate", "default", "data"]
                .iter()
                .any(|w| words(l).contains(&format!("_{w}")))
        };
        let owner = lost
            .iter()
            .position(|l| names_table(l) && seeding(l))
            .or_else(|| {
                attributions
                    .iter()
                    .find(|a| a.change == "add" && a.object == format!("table {table}"))
                    .map(|a| a.migration)
            })
            .unwrap_or(lost.len() - 1);
        let target = ddl.qualified(schema, table);
        let columns: Vec<String> = data.columns.iter().map(|c| ddl.quote(c)).collect();
        let (up, down) = &mut out[owner];
        up.push_str(&format!(
            "\n-- Re-seeded by keel from {}: the rows of protected table {table}.\n",
            path.display()
        ));
        for row in &data.rows {
            let values: Vec<String> = row
                .iter()
                .map(|v| match v {
                    None => "NULL".to_string(),
                    Some(text) => format!("'{}'", text.replace('\'', "''")),
                })
                .collect();
            up.push_str(&format!(
                "INSERT INTO {target} ({}) VALUES ({});\n",
                columns.join(", "),
                values.join(", ")
            ));
        }
        down.push_str(&format!("DELETE FROM {target};\n\n"));
    }
    Ok(out)
}

fn label(l: &Lost) -> String {
    // A Laravel migration's id is its whole name already.
    if l.id.ends_with(&format!("_{}", l.name)) {
        return l.id.clone();
    }
    format!("{}_{}", l.id, l.name)
}

fn has_files(dir: &Path) -> Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
}

fn header(l: &Lost, mine: &[&Attribution], date: time::Date) -> String {
    let mut h = format!(
        "-- Reconstructed by keel on {date}: the file of applied migration {} was lost.\n\
         -- Written from the difference between the live database and the surviving migrations.\n",
        label(l)
    );
    let (named, fallback): (Vec<&&Attribution>, Vec<&&Attribution>) =
        mine.iter().partition(|a| a.by_name);
    if !named.is_empty() {
        h.push_str("-- It holds what its name promises:\n");
        for a in named {
            h.push_str(&format!("--   {} {}\n", a.change, a.object));
        }
    }
    if !fallback.is_empty() {
        h.push_str(
            "-- No lost migration's name fits the following; keel put them in the last lost migration:\n",
        );
        for a in fallback {
            h.push_str(&format!("--   {} {}\n", a.change, a.object));
        }
    }
    if mine.is_empty() {
        h.push_str(
            "-- Nothing in the live schema is left for it: it may have changed data only.\n",
        );
    }
    h.push('\n');
    h
}

/// The rebuilt migration as the migrator would read it from disk.
fn in_memory(dir: &Path, r: &Rebuilt) -> Migration {
    let script = |text: &str, direction: &str| {
        let mut s = Script {
            path: dir.join(format!("{}_{}.{direction}.sql", r.lost.id, r.lost.name)),
            text: text.to_string(),
            first_line: 1,
            no_transaction: false,
        };
        s.no_transaction = s.wants_no_transaction();
        s
    };
    Migration::new(
        r.lost.id.clone(),
        r.lost.name.clone(),
        script(&r.up, "up"),
        script(&r.down, "down"),
    )
}

/// The SQL files in the folder's layout, written as [`write_staged`] does.
fn write_all(layout: &dyn Layout, dir: &Path, rebuilt: &[Rebuilt]) -> Result<Vec<String>> {
    let files: Vec<_> = rebuilt
        .iter()
        .flat_map(|r| layout.files(dir, &r.lost.id, &r.lost.name, &r.up, &r.down))
        .collect();
    write_staged(
        files
            .iter()
            .map(|f| (f.path.clone(), f.contents.as_str()))
            .collect(),
    )
}

/// Writes every file under a temporary name first and renames them only when all are written,
/// so an interruption or a full disk leaves no half set of migrations behind.
fn write_staged(files: Vec<(PathBuf, &str)>) -> Result<Vec<String>> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> Result<()> {
        for (path, text) in &files {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            let mut tmp = path.clone().into_os_string();
            tmp.push(".keel-partial");
            let tmp = PathBuf::from(tmp);
            std::fs::write(&tmp, text)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            staged.push((tmp, path.clone()));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e.context("nothing was written"));
    }
    for (tmp, path) in &staged {
        std::fs::rename(tmp, path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))?;
    }
    Ok(files.iter().map(|(p, _)| p.display().to_string()).collect())
}

fn report(
    out: &Output,
    lost: &[Lost],
    attributions: &[Attribution],
    written: &[String],
    differences: &[keel_diff::Change],
) {
    out.report(&json!({
        "written": written,
        "attributions": attributions.iter().map(|a| json!({
            "migration": label(&lost[a.migration]),
            "object": a.object,
            "change": a.change,
            "by_name": a.by_name,
        })).collect::<Vec<_>>(),
        "replay_matches_live": differences.is_empty(),
    }));
    for (i, l) in lost.iter().enumerate() {
        let mine: Vec<String> = attributions
            .iter()
            .filter(|a| a.migration == i)
            .map(|a| {
                format!(
                    "{} {}{}",
                    a.change,
                    a.object,
                    if a.by_name { "" } else { " (no name fits)" }
                )
            })
            .collect();
        out.line(format!(
            "{}: {}",
            label(l),
            if mine.is_empty() {
                "nothing left in the schema".to_string()
            } else {
                mine.join(", ")
            }
        ));
    }
    for path in written {
        out.line(format!("wrote {path}"));
    }
    if differences.is_empty() {
        out.line(
            "proof: the surviving and reconstructed migrations replay into exactly the live schema",
        );
    } else {
        out.warn("the surviving and reconstructed migrations do not replay into the live schema:");
        for change in differences {
            out.line(format!(
                "  {}",
                review_line(change, "the live database", "the replay")
            ));
        }
    }
}
