//! `keel migrate` and `keel rollback` in a Laravel application: Laravel's own migrator runs
//! them (`php artisan migrate --force`, `migrate:rollback --step=N --force`), under the same
//! safety net as `keel run` — backup, guard, journal. keel never runs a Laravel application's
//! PHP migrations itself.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::process::Command;

use anyhow::Result;
use keel_driver::Connection;
use keel_laravel::LaravelHistory;
use keel_migrate::{MigrationState, Migrator};

use crate::args::{GlobalArgs, LockArgs, RunArgs};
use crate::commands::run;
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

/// Runs `php artisan ARGS…` under `keel run`, or says how to when PHP is missing.
pub(crate) fn wrap(
    global: &GlobalArgs,
    ctx: &Context,
    artisan_args: &[&str],
    accept_loss: bool,
    lock_timeout: u64,
    out: &Output,
) -> Result<ExitStatus> {
    let app = ctx
        .settings
        .laravel
        .as_ref()
        .map(|l| l.root.clone())
        .unwrap_or_else(|| ctx.settings.root.clone());
    let has_php = Command::new("php")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let shown = format!("php artisan {}", artisan_args.join(" "));
    if !has_php {
        anyhow::bail!(
            "this is a Laravel application: keel runs its migrations with Laravel's own migrator (`{shown}`) \
             under keel's safety net, and PHP was not found. Install PHP (Debian: php-cli and the \
             application's extensions), or run `keel run -- {shown}` where PHP is. Nothing was changed"
        );
    }
    out.progress(format!(
        "Laravel application in {}: running `{shown}` under keel's safety net",
        app.display()
    ));
    let mut command: Vec<OsString> = vec!["php".into(), app.join("artisan").into_os_string()];
    command.extend(artisan_args.iter().map(OsString::from));
    let args = RunArgs {
        accept_loss,
        allows_loss: Vec::new(),
        lock: LockArgs { lock_timeout },
        command,
    };
    run::run(global, &args, out)
}

/// What the migrations `command` is about to run declare they may lose, when `command` is
/// Laravel's `php [PATH/]artisan migrate …` in a Laravel application: the
/// `// keel:allows-loss table.column` comments of the pending PHP migrations. Anything else
/// declares nothing (keel cannot see what an opaque command will run).
pub(crate) fn declared_losses(
    ctx: &Context,
    conn: &mut dyn Connection,
    command: &[OsString],
) -> Result<Vec<String>> {
    let Some(dir) = ctx.laravel_migrations_dir() else {
        return Ok(Vec::new());
    };
    let words: Vec<&str> = command.iter().filter_map(|w| w.to_str()).collect();
    let is_migrate = matches!(
        words.as_slice(),
        [php, artisan, "migrate", ..]
            if php.rsplit('/').next().is_some_and(|p| p.starts_with("php"))
                && artisan.rsplit('/').next() == Some("artisan")
    );
    if !is_migrate {
        return Ok(Vec::new());
    }
    let files = keel_laravel::source::load(dir)?;
    let migrations = keel_laravel::source::for_status(&files);
    let history = LaravelHistory::default();
    let report = Migrator::new(conn, &history, &migrations).status()?;
    let pending: BTreeSet<&str> = report
        .migrations
        .iter()
        .filter(|m| m.state == MigrationState::Pending)
        .map(|m| m.id.as_str())
        .collect();
    Ok(files
        .iter()
        .filter(|f| pending.contains(f.id.as_str()))
        .flat_map(|f| keel_laravel::php::directives(&f.text).allows_loss)
        .collect())
}
