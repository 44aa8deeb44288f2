use std::path::PathBuf;

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use keel_driver::{DriverError, InspectOptions};
use keel_model::{Schema, Snapshot, SnapshotSink, SnapshotWriter, Table, TableData, Unsupported};
use serde_json::json;

use crate::args::{GlobalArgs, SnapshotArgs};
use crate::context::Context;
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn run(global: &GlobalArgs, args: &SnapshotArgs, out: &Output) -> Result<ExitStatus> {
    let ctx = Context::new(global, "snapshot")?;
    let mut conn = ctx.connect()?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| ctx.settings.root.join("schema.json"));
    let options = ctx.inspect_options();
    // Streamed: the inspector hands over tables a chunk at a time and each is written and
    // dropped, so memory stays flat however many tables there are.
    let mut counts = Counts::default();
    write_atomically(&path, |w| {
        let mut sink = Counting {
            inner: SnapshotWriter::new(w),
            counts: &mut counts,
        };
        match conn.inspect_into(&options, &mut sink) {
            Err(DriverError::Write { source }) => Err(WriteError::Io(source)),
            other => other.map_err(|e| WriteError::Other(e.into())),
        }
    })?;
    let Counts {
        tables,
        protected,
        unsupported,
    } = counts;
    out.line(format!(
        "wrote {} ({tables} tables{}{})",
        path.display(),
        if protected == 0 {
            String::new()
        } else {
            format!(", rows of {protected} protected tables")
        },
        if unsupported == 0 {
            String::new()
        } else {
            format!(", {unsupported} objects keel does not model listed under `unsupported`")
        },
    ));
    out.report(&json!({ "path": path, "tables": tables, "unsupported": unsupported }));
    Ok(ExitStatus::Success)
}

/// What the report says about the snapshot just written.
#[derive(Default)]
struct Counts {
    tables: usize,
    protected: usize,
    unsupported: usize,
}

/// Passes every piece on to `inner`, counting what the report needs.
struct Counting<'a, S> {
    inner: S,
    counts: &'a mut Counts,
}

impl<S: SnapshotSink> SnapshotSink for Counting<'_, S> {
    fn begin(&mut self, header: &Snapshot) -> std::io::Result<()> {
        self.inner.begin(header)
    }

    fn begin_schema(&mut self, name: &str) -> std::io::Result<()> {
        self.inner.begin_schema(name)
    }

    fn table(&mut self, name: &str, table: Table) -> std::io::Result<()> {
        self.counts.tables += 1;
        self.inner.table(name, table)
    }

    fn end_schema(&mut self, rest: Schema) -> std::io::Result<()> {
        self.inner.end_schema(rest)
    }

    fn finish(
        &mut self,
        data: BTreeMap<String, TableData>,
        mut unsupported: Vec<Unsupported>,
    ) -> std::io::Result<()> {
        // Counted as written: sorted and without duplicates.
        unsupported.sort();
        unsupported.dedup();
        self.counts.protected = data.len();
        self.counts.unsupported = unsupported.len();
        self.inner.finish(data, unsupported)
    }
}

/// Why the content of a snapshot file could not be produced.
enum WriteError {
    /// The file itself.
    Io(std::io::Error),
    /// Anything else (reading the database).
    Other(anyhow::Error),
}

/// Writes to a temporary file beside `path` and renames it over, so a reader never sees half
/// a snapshot. `write` streams the content into a buffered writer on the temporary file.
fn write_atomically(
    path: &PathBuf,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<(), WriteError>,
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
    let written = std::fs::File::create(&tmp)
        .map_err(WriteError::Io)
        .and_then(|file| {
            let mut w = std::io::BufWriter::new(file);
            write(&mut w)?;
            std::io::Write::flush(&mut w).map_err(WriteError::Io)
        });
    match written {
        Ok(()) => {}
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(match e {
                WriteError::Io(e) => {
                    anyhow::Error::new(e).context(format!("cannot write {}", tmp.display()))
                }
                WriteError::Other(e) => e,
            });
        }
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
