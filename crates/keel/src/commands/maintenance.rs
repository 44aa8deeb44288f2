//! `keel maintenance on|off`: in a Laravel application, the very file `php artisan down`
//! writes (so Laravel's own middleware answers 503), without PHP; elsewhere, the commands
//! configured in keel.toml `[maintenance]`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result};
use serde_json::json;

use crate::context::Context;
use crate::output::Output;

/// Whether maintenance mode ends up on or off, and whether keel changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Switched {
    Changed,
    AlreadyThere,
}

/// Laravel's down file: `storage/framework/down`, a JSON payload read by
/// `PreventRequestsDuringMaintenance` (and `artisan up` removes it).
fn down_file(root: &Path) -> PathBuf {
    root.join("storage").join("framework").join("down")
}

/// The early-exit script `artisan down` drops beside it for `public/index.php`.
fn maintenance_script(root: &Path) -> PathBuf {
    root.join("storage")
        .join("framework")
        .join("maintenance.php")
}

/// Where the application's own framework keeps the script `artisan down` copies (Composer
/// install, then Debian's php-laravel-framework). keel copies it at run time from the
/// application's framework, so the script always matches the Laravel version in use.
fn maintenance_stub(root: &Path) -> Option<PathBuf> {
    let tail = Path::new("Illuminate/Foundation/Console/stubs/maintenance-mode.stub");
    [
        root.join("vendor/laravel/framework/src").join(tail),
        Path::new("/usr/share/php").join(tail),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Turns maintenance mode on or off.
pub(crate) fn switch(ctx: &Context, on: bool, out: &Output) -> Result<Switched> {
    let result = match &ctx.settings.laravel {
        Some(app) => laravel(&app.root, on),
        None => configured(ctx, on),
    }?;
    let event = if on {
        "maintenance.on"
    } else {
        "maintenance.off"
    };
    ctx.journal(
        event,
        json!({ "changed": result == Switched::Changed, "laravel": ctx.settings.laravel.is_some() }),
    )?;
    let state = if on { "on" } else { "off" };
    out.line(match result {
        Switched::Changed => format!("maintenance mode is {state}"),
        Switched::AlreadyThere => format!("maintenance mode was already {state}"),
    });
    Ok(result)
}

fn laravel(root: &Path, on: bool) -> Result<Switched> {
    let down = down_file(root);
    if !on {
        if !down.exists() {
            return Ok(Switched::AlreadyThere);
        }
        std::fs::remove_file(&down).with_context(|| format!("cannot remove {}", down.display()))?;
        let script = maintenance_script(root);
        if script.exists() {
            std::fs::remove_file(&script)
                .with_context(|| format!("cannot remove {}", script.display()))?;
        }
        return Ok(Switched::Changed);
    }
    if down.exists() {
        return Ok(Switched::AlreadyThere);
    }
    let folder = down.parent().expect("the down file is in a folder");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    // The payload `artisan down` writes with no options.
    let payload = json!({
        "except": [], "redirect": null, "retry": null, "refresh": null,
        "secret": null, "status": 503, "template": null,
    });
    // Written whole under a temporary name first: Laravel reads this file on every request.
    let tmp = folder.join(".down.keel-partial");
    std::fs::write(&tmp, serde_json::to_string_pretty(&payload)?)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &down).with_context(|| format!("cannot write {}", down.display()))?;
    if let Some(stub) = maintenance_stub(root) {
        let _ = std::fs::copy(stub, maintenance_script(root));
    }
    Ok(Switched::Changed)
}

fn configured(ctx: &Context, on: bool) -> Result<Switched> {
    let (key, command) = if on {
        ("on", &ctx.settings.maintenance_on)
    } else {
        ("off", &ctx.settings.maintenance_off)
    };
    let Some(command) = command else {
        anyhow::bail!(
            "keel does not know how to take this application {}: set [maintenance] {key} = \"COMMAND\" in keel.toml \
             (a Laravel application needs nothing: keel writes storage/framework/down)",
            if on { "down" } else { "back up" }
        );
    };
    let status = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(&ctx.settings.root)
        .status()
        .with_context(|| format!("cannot run [maintenance] {key} = {command:?}"))?;
    if !status.success() {
        anyhow::bail!(
            "[maintenance] {key} = {command:?} failed ({status}); maintenance mode did not change"
        );
    }
    Ok(Switched::Changed)
}
