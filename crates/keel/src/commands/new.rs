use std::fs::{self, OpenOptions};
use std::io::Write;

use anyhow::{Context as _, Result};
use keel_migrate::layout;

use crate::args::{GlobalArgs, NewArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &NewArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "new")?;
    let dir = &ctx.settings.migrations_dir;
    let name = slug(&args.name);
    if name.is_empty() {
        anyhow::bail!(
            "`{}` has no letters or digits to name a migration with; try e.g. `keel new create_users`",
            args.name
        );
    }
    let layout = layout::detect(dir)?;
    let existing = if dir.is_dir() {
        layout::load(dir)?.migrations
    } else {
        Vec::new()
    };
    let ids: Vec<&str> = existing.iter().map(|m| m.id.as_str()).collect();
    let version = layout.next_version(&ids, &time::OffsetDateTime::now_utc());
    let files = layout.new_files(dir, &version, &name);
    let mut written = Vec::new();
    for file in &files {
        if let Some(parent) = file.path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // create_new: a new migration never overwrites an existing file.
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file.path)
            .with_context(|| format!("cannot create {}", file.path.display()))?;
        f.write_all(file.contents.as_bytes())
            .with_context(|| format!("cannot write {}", file.path.display()))?;
        written.push(file.path.display().to_string());
    }
    for path in &written {
        out.line(format!("created {path}"));
    }
    out.report(&serde_json::json!({ "files": written, "id": version, "layout": layout.name() }));
    Ok(ExitStatus::Success)
}

/// `Add revoked_at to device-tokens` → `add_revoked_at_to_device_tokens`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_become_snake_case() {
        assert_eq!(
            super::slug("Add revoked_at to device-tokens"),
            "add_revoked_at_to_device_tokens"
        );
        assert_eq!(super::slug("  --  "), "");
    }
}
