//! `keel hook install`: the git pre-commit hook.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context as _, Result};

use crate::args::{GlobalArgs, HookCommand};
use crate::output::Output;
use crate::ExitStatus;

const MARKER: &str = "# keel pre-commit hook";

fn script(keel: &str) -> String {
    format!(
        r#"#!/bin/sh
{MARKER} (written by `keel hook install`; re-running it rewrites this file)
# Refuses commits that delete, rename or edit committed migrations, and lints the staged
# version of the migrations (not the working tree).
# A pre-commit hook that was here before runs first, from pre-commit.local.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/pre-commit.local" ]; then
    "$hook_dir/pre-commit.local" "$@" || exit $?
fi
keel=${{KEEL:-'{keel}'}}
[ -x "$keel" ] || keel=keel
if git rev-parse --verify --quiet HEAD >/dev/null; then
    exec "$keel" lint --since HEAD --cached
else
    exec "$keel" lint --cached
fi
"#
    )
}

pub(crate) fn run(_global: &GlobalArgs, cmd: &HookCommand, out: &mut Output) -> Result<ExitStatus> {
    match cmd {
        HookCommand::Install => install(out),
    }
}

fn install(out: &mut Output) -> Result<ExitStatus> {
    let git = Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .context("could not run git; `keel hook install` needs git on PATH")?;
    if !git.status.success() {
        bail!(
            "not inside a git repository ({}); run `keel hook install` in your project's checkout",
            String::from_utf8_lossy(&git.stderr).trim()
        );
    }
    let hooks = PathBuf::from(String::from_utf8_lossy(&git.stdout).trim());
    std::fs::create_dir_all(&hooks).with_context(|| format!("creating {}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    let local = hooks.join("pre-commit.local");
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(MARKER) {
            if local.exists() {
                bail!(
                    "{} exists and is not keel's, and {} is taken too; merge them by hand, then re-run",
                    hook.display(),
                    local.display()
                );
            }
            std::fs::rename(&hook, &local)
                .with_context(|| format!("moving the existing hook to {}", local.display()))?;
            out.line(format!(
                "kept the existing hook as {}; it still runs first",
                local.display()
            ));
        }
    }
    let keel = std::env::current_exe()
        .map(|p| p.to_string_lossy().replace('\'', ""))
        .unwrap_or_else(|_| "keel".into());
    std::fs::write(&hook, script(&keel)).with_context(|| format!("writing {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))?;
    }
    out.line(format!("installed {}", hook.display()));
    Ok(ExitStatus::Success)
}
