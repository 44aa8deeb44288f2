use std::path::PathBuf;

use anyhow::{Context as _, Result};
use keel_driver::InspectOptions;
use serde_json::json;

use crate::args::{GlobalArgs, SnapshotArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &SnapshotArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "snapshot")?;
    let mut conn = ctx.connect()?;
    let snapshot = conn.inspect(&ctx.inspect_options())?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| ctx.settings.root.join("schema.json"));
    write_atomically(&path, |w| snapshot.write_json(w))?;
    let tables: usize = snapshot.schemas.values().map(|s| s.tables.len()).sum();
    out.line(format!(
        "wrote {} ({tables} tables{}{})",
        path.display(),
        if snapshot.data.is_empty() {
            String::new()
        } else {
            format!(", rows of {} protected tables", snapshot.data.len())
        },
        if snapshot.unsupported.is_empty() {
            String::new()
        } else {
            format!(
                ", {} objects keel does not model listed under `unsupported`",
                snapshot.unsupported.len()
            )
        },
    ));
    out.report(
        &json!({ "path": path, "tables": tables, "unsupported": snapshot.unsupported.len() }),
    );
    Ok(ExitStatus::Success)
}

/// Writes to a temporary file beside `path` and renames it over, so a reader never sees half
/// a snapshot. `write` streams the content into a buffered writer on the temporary file.
fn write_atomically(
    path: &PathBuf,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("schema.json"),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        std::io::Write::flush(&mut w)
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", tmp.display()));
    }
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

impl Context {
    /// What snapshots leave out and capture: history tables out, protected rows in.
    pub(crate) fn inspect_options(&self) -> InspectOptions {
        let mut exclude: Vec<String> = ["keel_migrations", "keel_checksums"]
            .map(String::from)
            .to_vec();
        if self.settings.laravel.is_some() {
            exclude.push("migrations".into());
        }
        if let Ok(layout) = keel_migrate::layout::detect(&self.settings.migrations_dir) {
            exclude.extend(
                layout
                    .tool_history_tables()
                    .iter()
                    .map(|t| (*t).to_string()),
            );
        }
        InspectOptions {
            exclude,
            protect: self.settings.protect.clone(),
        }
    }
}
