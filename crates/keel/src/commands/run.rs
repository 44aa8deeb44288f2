//! `keel run -- CMD…`: another tool's migrate command inside keel's safety net.
//!
//! The command is opaque: keel cannot see its SQL, so the guard reads every table, and the
//! losses it may make are declared on keel's command line (`--allows-loss`).
//!
//! The runner lock: on PostgreSQL (advisory lock) and MySQL (`GET_LOCK`) keel holds its lock
//! on its own session while the command runs. Those locks are named and only other keel
//! runners ask for them, so they keep a concurrent `keel migrate` out without being in the
//! wrapped tool's way. On SQLite keel's lock is a write transaction on the database file,
//! which would block the wrapped tool's own writes until keel gave up (a deadlock), so no
//! lock is held there while the command runs.

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, Result};
use keel_driver::Dialect;
use keel_guard::BatchScript;
use serde_json::json;

use crate::args::{GlobalArgs, RunArgs};
use crate::commands::migrate::merge;
use crate::commands::{artisan, guard};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &RunArgs, out: &Output) -> Result<ExitStatus> {
    let Some((program, arguments)) = args.command.split_first() else {
        anyhow::bail!(
            "keel run needs the command to wrap after `--`, e.g. `keel run -- php artisan migrate --force`"
        );
    };
    // Only the program's name goes into messages and the journal: arguments can hold
    // passwords (a URL given to psql), so they are counted, never written.
    let name = std::path::Path::new(program)
        .file_name()
        .unwrap_or(program)
        .to_string_lossy()
        .into_owned();
    let ctx = Context::new(global, "run")?;
    let mut conn = ctx.connect()?;
    let dialect = conn.server().dialect;
    let locked = dialect != Dialect::Sqlite;
    if locked {
        conn.acquire_lock(
            keel_migrate::LOCK_KEY,
            Duration::from_secs(args.lock.lock_timeout),
        )
        .context("another keel runner is working on this database")?;
    }
    let mut allows_loss = args.allows_loss.clone();
    allows_loss.extend(artisan::declared_losses(
        &ctx,
        conn.as_mut(),
        &args.command,
    )?);
    let batch = [BatchScript {
        migration: format!("`keel run -- {name}`"),
        text: String::new(),
        allows_loss,
    }];
    // --allows-loss entries are checked before anything else: a bad one stops everything.
    let mut armed = guard::arm(&ctx, conn.as_mut(), &batch)?;
    armed.read_everything();
    let backup_id = guard::back_up_and_measure(
        &ctx,
        conn.as_mut(),
        &mut armed,
        "pre-run",
        "the command was not run",
        out,
    )?;
    ctx.journal(
        "run.started",
        json!({ "program": name, "arguments": arguments.len(), "backup": backup_id, "guard": backup_id.is_some(), "lock": locked }),
    )?;
    out.progress(format!("running {name}…"));
    let mut command = Command::new(program);
    command.args(arguments).stdin(Stdio::inherit());
    if out.json() {
        // keel's own stdout is the JSON report; the command's output goes to stderr.
        use std::os::fd::AsFd;
        let stderr = std::io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .context("cannot pass stderr on to the command")?;
        command.stdout(Stdio::from(stderr));
    }
    let status = command.status().with_context(|| {
        format!("could not start {name}; nothing was run (check the command and PATH)")
    })?;
    let code = exit_code(&status);
    if code != 0 {
        ctx.journal(
            "run.failed",
            json!({ "program": name, "exit_code": code, "backup": backup_id }),
        )?;
        out.report(&json!({
            "applied": [], "batch": null, "backup": backup_id, "data_loss": [],
            "command": name, "exit_code": code, "guard": false,
        }));
        out.error_to_stderr(&format!(
            "{name} failed (exit code {code}); keel passes its exit code on."
        ));
        if let Some(id) = &backup_id {
            out.progress(format!(
                "the database as it was before {name} ran is in backup {id}: keel backup restore {id}"
            ));
        }
        return Ok(ExitStatus::Passthrough(code));
    }
    ctx.journal(
        "run.finished",
        json!({ "program": name, "exit_code": 0, "backup": backup_id }),
    )?;
    let judgement = match &backup_id {
        Some(id) => Some(guard::judge(
            &ctx,
            conn.as_mut(),
            &armed,
            id,
            args.accept_loss,
            out,
        )?),
        None => None,
    };
    if locked {
        let _ = conn.release_lock(keel_migrate::LOCK_KEY);
    }
    let mut report = json!({
        "applied": [], "batch": null, "backup": backup_id, "data_loss": [], "moves": [],
        "command": name, "exit_code": 0, "guard": judgement.is_some(),
    });
    if let Some(j) = &judgement {
        merge(&mut report, j.json(args.accept_loss));
    }
    out.report(&report);
    if let Some(j) = &judgement {
        guard::render(j, args.accept_loss, out);
        if j.refused() {
            out.error_to_stderr(&format!(
                "{name} made values disappear, so keel put the database back as it was before it ran"
            ));
            return Ok(ExitStatus::Problem);
        }
        out.line(format!(
            "{name} finished; data guard: {} table(s) checked, {}.",
            j.verdict.tables_read,
            if j.verdict.losses.is_empty() {
                "no values lost".to_string()
            } else {
                format!(
                    "{} loss(es) kept with --accept-loss",
                    j.verdict.losses.len()
                )
            }
        ));
    }
    if let Some(id) = &backup_id {
        out.line(format!(
            "backup taken first: {id}; undo with: keel backup restore {id}"
        ));
    }
    Ok(ExitStatus::Success)
}

/// The command's exit code; a command killed by a signal exits as a shell reports it (128 + N).
fn exit_code(status: &std::process::ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(2);
        }
    }
    2
}
