//! `keel backup create | list | verify | restore | prune | export`, and the automatic backups
//! that `migrate` and `rollback` take first.

use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use keel_backup::{
    AgeIdentity, BackupEngine, BackupError, BackupEvent, BackupObserver, BackupStore,
    CreateRequest, Created, Entry, EntryKind, VerifyReport,
};
use keel_driver::{Connection, Dialect};
use serde_json::json;

use crate::args::{BackupCommand, GlobalArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

static SQLITE: keel_sqlite::SqliteBackup = keel_sqlite::SqliteBackup;
static POSTGRES: keel_postgres::PostgresBackup = keel_postgres::PostgresBackup;
static MYSQL: keel_mysql::MysqlBackup = keel_mysql::MysqlBackup;

/// The backup engine registry: the engines this keel can back up.
pub(crate) fn engine_for(name: &str) -> Option<&'static dyn BackupEngine> {
    match name {
        "sqlite" => Some(&SQLITE),
        "postgres" => Some(&POSTGRES),
        "mysql" => Some(&MYSQL),
        _ => None,
    }
}

pub(crate) fn engine_name(conn: &dyn Connection) -> &'static str {
    match conn.server().dialect {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
        Dialect::Mysql => "mysql",
    }
}

fn lookup(name: &str) -> Option<&'static dyn BackupEngine> {
    engine_for(name)
}

/// Draws backup progress on stderr: one bar per phase (bytes, rate, ETA when the total is
/// known) when stderr is a terminal; otherwise, with `-q` or `--format json`, nothing
/// animated, only the plain phase lines of `-v`, each with how long the phase before took
/// (where a long backup or restore spends its time).
pub(crate) struct CliProgress<'a> {
    out: &'a Output,
    animated: bool,
    phase: &'static str,
    started: Option<std::time::Instant>,
    bar: Option<indicatif::ProgressBar>,
}

impl<'a> CliProgress<'a> {
    pub(crate) fn new(out: &'a Output) -> Self {
        Self {
            out,
            animated: !out.json() && !out.quiet && std::io::stderr().is_terminal(),
            phase: "",
            started: None,
            bar: None,
        }
    }

    fn bar(&mut self, total: Option<u64>) -> &indicatif::ProgressBar {
        let phase = self.phase;
        self.bar.get_or_insert_with(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                total,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_prefix(phase);
            bar.set_style(style(total.is_some()));
            bar
        })
    }
}

fn style(known_total: bool) -> indicatif::ProgressStyle {
    let template = if known_total {
        "{prefix:>8} [{bar:24}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}"
    } else {
        "{prefix:>8} {spinner} {bytes} {binary_bytes_per_sec}"
    };
    indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ")
}

impl BackupObserver for CliProgress<'_> {
    fn on_event(&mut self, event: &BackupEvent) {
        match event {
            BackupEvent::Phase(phase) => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                self.finish_phase();
                self.phase = phase;
                self.started = Some(std::time::Instant::now());
                if self.animated {
                    // A spinner until the phase reports bytes (some phases never do).
                    let bar = self.bar(None);
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                } else {
                    self.out.detail(format!("  backup: {phase}"));
                }
            }
            BackupEvent::Bytes { done, total } if self.animated => {
                let bar = self.bar(*total);
                if let (Some(t), None) = (total, bar.length()) {
                    bar.set_length(*t);
                    bar.set_style(style(true));
                }
                if let Some(t) = total {
                    bar.set_length((*t).max(*done));
                }
                bar.set_position(*done);
            }
            _ => {}
        }
    }
}

impl CliProgress<'_> {
    fn finish_phase(&mut self) {
        if let (false, Some(t)) = (self.animated, self.started.take()) {
            self.out.detail(format!(
                "  backup: {} took {:.2} s",
                self.phase,
                t.elapsed().as_secs_f64()
            ));
        }
    }
}

impl Drop for CliProgress<'_> {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.finish_phase();
    }
}

fn identity(path: Option<&Path>) -> Result<Option<AgeIdentity>> {
    let env = std::env::var_os("KEEL_AGE_IDENTITY").map(PathBuf::from);
    match path.map(Path::to_path_buf).or(env) {
        Some(p) => Ok(Some(AgeIdentity::from_file(&p)?)),
        None => Ok(None),
    }
}

pub(crate) fn store(ctx: &Context) -> BackupStore {
    BackupStore::new(&ctx.settings.backup_dir)
}

/// Takes a verified backup before a destructive command. `Ok(None)` when this engine has no
/// backup engine yet (the caller says so plainly); an error stops the command. `count` names
/// the tables the data guard wants counted as the rows stream (`None`: every table).
pub(crate) fn take_automatic(
    ctx: &Context,
    conn: &mut dyn Connection,
    reason: &str,
    count: Option<&BTreeSet<(String, String)>>,
    out: &Output,
) -> Result<Option<Created>> {
    let Some(engine) = engine_for(engine_name(conn)) else {
        return Ok(None);
    };
    out.progress(format!(
        "taking a {reason} backup of {}…",
        conn.database_name()
    ));
    let created = create(ctx, engine, conn, reason, count, out).with_context(|| {
        format!(
            "keel takes a verified backup before `{}` and the backup failed, so nothing was run; \
             fix the cause, or pass --no-backup to go ahead without one",
            ctx.command
        )
    })?;
    out.progress(format!(
        "backup {} written and verified ({} bytes)",
        created.manifest.id, created.manifest.artifact.size_bytes
    ));
    Ok(Some(created))
}

fn create(
    ctx: &Context,
    engine: &dyn BackupEngine,
    conn: &mut dyn Connection,
    reason: &str,
    count: Option<&BTreeSet<(String, String)>>,
    out: &Output,
) -> Result<Created> {
    let identity = identity(None).unwrap_or(None);
    let req = CreateRequest {
        reason,
        command: ctx.command,
        encrypt_to: ctx.settings.encrypt_to.as_deref(),
        identity: identity.as_ref(),
        keel_version: env!("CARGO_PKG_VERSION"),
        count,
    };
    match store(ctx).create(engine, conn, &req, &mut CliProgress::new(out)) {
        Ok(created) => {
            let m = &created.manifest;
            ctx.journal(
                "backup.created",
                json!({
                    "id": m.id, "reason": m.reason, "engine": m.engine, "size_bytes": m.artifact.size_bytes,
                    "tables": m.tables.len(), "encrypted": m.encrypted, "deep_verified": created.deep_verified,
                }),
            )?;
            Ok(created)
        }
        Err(e) => {
            // Best effort: the journal may live on the very disk that just filled up.
            let _ = ctx.journal(
                "backup.failed",
                json!({ "reason": reason, "error": e.to_string() }),
            );
            Err(e.into())
        }
    }
}

pub(crate) fn run(global: &GlobalArgs, cmd: &BackupCommand, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "backup")?;
    match cmd {
        BackupCommand::Create(args) => {
            let mut conn = ctx.connect()?;
            let name = engine_name(conn.as_ref());
            let engine = engine_for(name).ok_or_else(|| {
                anyhow::anyhow!(
                    "keel backup is not available for {name} yet; take a dump with the engine's own tool (pg_dump, mysqldump) for now"
                )
            })?;
            let created = create(&ctx, engine, conn.as_mut(), &args.reason, None, out)?;
            let m = &created.manifest;
            out.report(&json!({
                "id": m.id, "path": created.path, "created_at": m.created_at, "reason": m.reason,
                "engine": m.engine, "size_bytes": m.artifact.size_bytes, "encrypted": m.encrypted,
                "tables": m.tables.len(), "deep_verified": created.deep_verified,
            }));
            out.progress(format!(
                "backup of {} written to {} ({} bytes, {} tables, verified{})",
                m.database,
                created.path.display(),
                m.artifact.size_bytes,
                m.tables.len(),
                if m.encrypted { ", encrypted" } else { "" }
            ));
            out.line(&m.id);
            Ok(ExitStatus::Success)
        }
        BackupCommand::List => {
            let entries = store(&ctx).list()?;
            list(&ctx, &entries, out);
            Ok(ExitStatus::Success)
        }
        BackupCommand::Verify(args) => {
            let identity = identity(args.identity.as_deref())?;
            let entry = store(&ctx).resolve(&args.id)?;
            let report = store(&ctx).verify(
                &entry,
                &lookup,
                identity.as_ref(),
                &mut CliProgress::new(out),
            );
            ctx.journal(
                "backup.verified",
                json!({ "id": report.id, "ok": report.ok, "deep": report.deep, "failure": report.failure }),
            )?;
            out.report(&report);
            render_verify(&report, out);
            Ok(if report.ok {
                ExitStatus::Success
            } else {
                ExitStatus::Problem
            })
        }
        BackupCommand::Restore(args) => {
            restore(&ctx, global, &args.id, args.identity.as_deref(), out)
        }
        BackupCommand::Prune(args) => {
            let identity = identity(args.identity.as_deref())?;
            let keep = args.keep.unwrap_or(ctx.settings.backup_keep) as usize;
            let s = store(&ctx);
            let report = s.prune(keep, args.dry_run, &mut |e: &Entry| {
                s.verify(e, &lookup, identity.as_ref(), &mut keel_backup::NoProgress)
                    .ok
            })?;
            if !args.dry_run {
                ctx.journal(
                    "backup.pruned",
                    json!({ "deleted": report.deleted, "kept": report.kept, "protected": report.protected, "keep": keep }),
                )?;
            }
            out.report(&report);
            let verb = if args.dry_run {
                "would remove"
            } else {
                "removed"
            };
            for id in &report.deleted {
                out.line(format!("{verb} {id}"));
            }
            for id in &report.protected {
                out.line(format!(
                    "kept {id}: the newest backup that passes verification (every newer one fails `keel backup verify`)"
                ));
            }
            out.line(format!(
                "{} backup(s) {verb}, {} kept (keep = {keep}).",
                report.deleted.len(),
                report.kept.len()
            ));
            Ok(ExitStatus::Success)
        }
        BackupCommand::Export(args) => {
            let identity = identity(args.identity.as_deref())?;
            let s = store(&ctx);
            let entry = s.resolve(&args.id)?;
            let engine_name = entry.engine.clone().unwrap_or_default();
            let engine = engine_for(&engine_name).ok_or_else(|| {
                anyhow::anyhow!("export is not available for {engine_name} backups yet")
            })?;
            match &args.out {
                Some(path) => {
                    let tmp = path.with_file_name(format!(
                        ".{}.tmp-{}",
                        path.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        std::process::id()
                    ));
                    let result = (|| -> Result<()> {
                        let mut file = std::fs::File::create(&tmp)
                            .with_context(|| format!("cannot write {}", tmp.display()))?;
                        s.export_sql(
                            &entry,
                            engine,
                            identity.as_ref(),
                            &mut file,
                            &mut CliProgress::new(out),
                        )?;
                        file.sync_all()?;
                        std::fs::rename(&tmp, path)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        Ok(())
                    })();
                    if result.is_err() {
                        let _ = std::fs::remove_file(&tmp);
                    }
                    result?;
                    out.report(&json!({ "id": entry.id, "out": path }));
                    let how = match engine_name.as_str() {
                        "postgres" => format!(
                            "psql -v ON_ERROR_STOP=1 -f {} NEW_DATABASE_URL",
                            path.display()
                        ),
                        "mysql" => format!("mariadb NEW_DATABASE < {}", path.display()),
                        _ => format!("sqlite3 NEW.db < {}", path.display()),
                    };
                    out.line(format!("wrote {} (restore with: {how})", path.display()));
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    s.export_sql(
                        &entry,
                        engine,
                        identity.as_ref(),
                        &mut lock,
                        &mut CliProgress::new(out),
                    )?;
                    lock.flush()?;
                }
            }
            Ok(ExitStatus::Success)
        }
    }
}

pub(crate) fn restore(
    ctx: &Context,
    global: &GlobalArgs,
    id: &str,
    identity_path: Option<&Path>,
    out: &Output,
) -> Result<ExitStatus> {
    let identity = identity(identity_path)?;
    let s = store(ctx);
    let entry = s.resolve(id)?;
    let mut conn = ctx.connect()?;
    let name = engine_name(conn.as_ref());
    let engine = engine_for(name)
        .ok_or_else(|| anyhow::anyhow!("keel backup restore is not available for {name} yet"))?;
    match &entry.kind {
        EntryKind::Keel => {
            // Steps 1–2 now; the restore itself runs steps 3–5 as it reads the artifact and
            // changes nothing unless every table matches (docs/backup-format.md).
            let report = s.verify_for_restore(&entry, identity.as_ref());
            if let Some(f) = &report.failure {
                ctx.journal(
                    "backup.verified",
                    json!({ "id": report.id, "ok": false, "failure": report.failure }),
                )?;
                out.report(&json!({ "restored": null, "id": entry.id, "error": f.message, "step": f.step }));
                out.error_to_stderr(&format!(
                    "backup {} failed verification at step {}: {}; restore refused, the database was not changed",
                    entry.id, f.step, f.message
                ));
                return Ok(ExitStatus::Problem);
            }
            if identity.is_none() && s.is_encrypted(&entry)? {
                anyhow::bail!(
                    "backup {} is encrypted: pass --identity FILE (or set KEEL_AGE_IDENTITY) so it can be verified and restored",
                    entry.id
                );
            }
        }
        EntryKind::Incomplete(what) => {
            out.error_to_stderr(&format!(
                "{} is incomplete ({what}); restore refused, the database was not changed",
                entry.id
            ));
            return Ok(ExitStatus::Problem);
        }
        EntryKind::Foreign(_) => {
            if let Some(e) = &entry.engine {
                if e != name {
                    anyhow::bail!(
                        "{} looks like a {e} dump and cannot be restored into a {name} database",
                        entry.id
                    );
                }
            }
        }
    }
    if !global.yes && std::io::stdin().is_terminal() && !out.json() {
        eprint_flush(&format!(
            "Replace {} with backup {}? A safety backup of the current state is taken first. [y/N] ",
            ctx.settings.database, entry.id
        ));
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            out.line("Nothing changed.");
            return Ok(ExitStatus::Success);
        }
    }
    out.progress("taking a pre-restore safety backup…");
    let safety = create(ctx, engine, conn.as_mut(), "pre-restore", None, out)
        .context("the safety backup of the current state failed, so nothing was restored")?;
    let safety_id = safety.manifest.id.clone();
    out.progress(format!("safety backup {safety_id} written and verified"));
    out.progress(format!("restoring {}…", entry.id));
    let result = s.restore(
        &entry,
        engine,
        conn.as_mut(),
        identity.as_ref(),
        &mut CliProgress::new(out),
    );
    if let Err(e) = result {
        let _ = ctx.journal(
            "backup.restore_failed",
            json!({ "id": entry.id, "safety_backup": safety_id, "error": e.to_string() }),
        );
        if let BackupError::Corrupt(message) = &e {
            // The artifact's bytes matched its manifest, yet its content did not check out
            // (verification steps 3–5 run during the load): the same refusal as `verify`'s.
            out.report(&json!({ "restored": null, "id": entry.id, "error": message, "step": 3, "safety_backup": safety_id }));
            out.error_to_stderr(&format!(
                "backup {} failed verification while it was read: {message}; restore refused, the database was not changed (the safety backup {safety_id} holds it too)",
                entry.id
            ));
            return Ok(ExitStatus::Problem);
        }
        return Err(anyhow::Error::new(e).context(format!(
            "restoring {} failed and the database was left as it was; the safety backup {safety_id} holds it too",
            entry.id
        )));
    }
    ctx.journal(
        "backup.restored",
        json!({ "id": entry.id, "foreign": !matches!(entry.kind, EntryKind::Keel), "safety_backup": safety_id }),
    )?;
    out.report(&json!({ "restored": entry.id, "safety_backup": safety_id }));
    out.line(format!(
        "restored {} from {}.",
        ctx.settings.database, entry.id
    ));
    out.line(format!(
        "the state before is in backup {safety_id}; undo with: keel backup restore {safety_id}"
    ));
    Ok(ExitStatus::Success)
}

#[expect(
    clippy::print_stderr,
    reason = "the restore question must reach a person"
)]
pub(crate) fn eprint_flush(text: &str) {
    eprint!("{text}");
    let _ = std::io::stderr().flush();
}

fn list(ctx: &Context, entries: &[Entry], out: &Output) {
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let (kind, problem) = match &e.kind {
                EntryKind::Keel => ("keel", None),
                EntryKind::Foreign(_) => ("foreign", None),
                EntryKind::Incomplete(what) => ("incomplete", Some(what.clone())),
            };
            json!({
                "id": e.id, "path": e.path, "created_at": e.created_at, "reason": e.reason,
                "engine": e.engine, "size_bytes": e.size_bytes, "kind": kind,
                "database": e.database, "problem": problem,
                "encrypted": e.manifest.as_ref().map(|m| m.encrypted),
            })
        })
        .collect();
    out.report(&rows);
    if entries.is_empty() {
        out.line(format!(
            "No backups in {} yet: `keel backup create` takes one.",
            ctx.settings.backup_dir.display()
        ));
        return;
    }
    let w = entries.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    out.line(format!(
        "{:w$}  {:24}  {:12}  {:8}  {:>12}  KIND",
        "ID", "CREATED", "REASON", "ENGINE", "SIZE"
    ));
    for e in entries {
        let kind = match &e.kind {
            EntryKind::Keel => "keel".to_string(),
            EntryKind::Foreign(_) => "foreign".to_string(),
            EntryKind::Incomplete(what) => format!("INCOMPLETE: {what}"),
        };
        out.line(format!(
            "{:w$}  {:24}  {:12}  {:8}  {:>12}  {kind}",
            e.id,
            e.created_at,
            e.reason.as_deref().unwrap_or("-"),
            e.engine.as_deref().unwrap_or("?"),
            e.size_bytes,
        ));
    }
}

fn render_verify(report: &VerifyReport, out: &Output) {
    match &report.failure {
        None => {
            out.line(format!(
                "{}: ok ({} tables checked{})",
                report.id,
                report.tables,
                if report.deep {
                    ""
                } else {
                    "; size and checksum only"
                }
            ));
            for n in &report.notes {
                out.progress(format!("note: {n}"));
            }
        }
        Some(f) => {
            out.line(format!(
                "{}: FAILED at step {}: {}",
                report.id, f.step, f.message
            ));
        }
    }
}
