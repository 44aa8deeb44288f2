//! Writing `schema.json` piece by piece, so a snapshot never has to be whole in memory.
//!
//! Inspectors hand their result to a [`SnapshotSink`] in file order: the header, then each
//! schema's tables (sorted by name, a chunk at a time if they like), then that schema's other
//! objects, then the protected rows and the `unsupported` list. [`SnapshotWriter`] turns those
//! calls into exactly the bytes [`Snapshot::write_json`] writes for the whole model;
//! [`SnapshotBuilder`] collects them back into a [`Snapshot`]. One inspector, written once
//! against the sink, therefore serves both `keel snapshot` (streamed) and `verify`/`diff`
//! (whole model).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::{Schema, Snapshot, Table, TableData, Unsupported};

/// Receives a snapshot in `schema.json` order.
///
/// Call order: [`begin`](SnapshotSink::begin) once; for each schema in name order,
/// [`begin_schema`](SnapshotSink::begin_schema), [`table`](SnapshotSink::table) for each of its
/// tables in name order, [`end_schema`](SnapshotSink::end_schema); then
/// [`finish`](SnapshotSink::finish) once.
pub trait SnapshotSink {
    /// The format, engine and server of `header` (its schemas, data and unsupported list are
    /// ignored).
    fn begin(&mut self, header: &Snapshot) -> io::Result<()>;
    /// Opens the schema `name`.
    fn begin_schema(&mut self, name: &str) -> io::Result<()>;
    /// One table of the open schema; names must come in strictly increasing order.
    fn table(&mut self, name: &str, table: Table) -> io::Result<()>;
    /// Closes the open schema with its other objects (`rest.tables` must be empty).
    fn end_schema(&mut self, rest: Schema) -> io::Result<()>;
    /// The rows of protected tables and the objects keel does not model (any order: they are
    /// sorted here, as [`Snapshot::normalize_order`] does).
    fn finish(
        &mut self,
        data: BTreeMap<String, TableData>,
        unsupported: Vec<Unsupported>,
    ) -> io::Result<()>;
}

impl Snapshot {
    /// Hands this whole snapshot to `sink`, in the order [`SnapshotSink`] asks for.
    pub fn feed(self, sink: &mut dyn SnapshotSink) -> io::Result<()> {
        let Snapshot {
            format,
            engine,
            server,
            schemas,
            data,
            unsupported,
        } = self;
        sink.begin(&Snapshot {
            format,
            engine,
            server,
            schemas: BTreeMap::new(),
            data: BTreeMap::new(),
            unsupported: Vec::new(),
        })?;
        for (name, mut schema) in schemas {
            sink.begin_schema(&name)?;
            for (table_name, table) in std::mem::take(&mut schema.tables) {
                sink.table(&table_name, table)?;
            }
            sink.end_schema(schema)?;
        }
        sink.finish(data, unsupported)
    }
}

/// Collects what a [`SnapshotSink`] receives into a whole [`Snapshot`].
#[derive(Debug, Default)]
pub struct SnapshotBuilder {
    snapshot: Option<Snapshot>,
    open: Option<(String, BTreeMap<String, Table>)>,
}

impl SnapshotBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The snapshot received, normalised; `None` when [`SnapshotSink::begin`] never came.
    pub fn into_snapshot(self) -> Option<Snapshot> {
        self.snapshot.map(|mut s| {
            s.normalize_order();
            s
        })
    }
}

fn out_of_order(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("snapshot pieces out of order: {what}"),
    )
}

impl SnapshotSink for SnapshotBuilder {
    fn begin(&mut self, header: &Snapshot) -> io::Result<()> {
        let mut snapshot = Snapshot::new(&header.engine, &header.server.version);
        snapshot.format = header.format;
        snapshot.server = header.server.clone();
        self.snapshot = Some(snapshot);
        Ok(())
    }

    fn begin_schema(&mut self, name: &str) -> io::Result<()> {
        self.open = Some((name.to_string(), BTreeMap::new()));
        Ok(())
    }

    fn table(&mut self, name: &str, table: Table) -> io::Result<()> {
        let (_, tables) = self
            .open
            .as_mut()
            .ok_or_else(|| out_of_order("table outside a schema"))?;
        tables.insert(name.to_string(), table);
        Ok(())
    }

    fn end_schema(&mut self, mut rest: Schema) -> io::Result<()> {
        let (name, tables) = self
            .open
            .take()
            .ok_or_else(|| out_of_order("end_schema without begin_schema"))?;
        let snapshot = self
            .snapshot
            .as_mut()
            .ok_or_else(|| out_of_order("schema before begin"))?;
        rest.tables = tables;
        snapshot.schemas.insert(name, rest);
        Ok(())
    }

    fn finish(
        &mut self,
        data: BTreeMap<String, TableData>,
        unsupported: Vec<Unsupported>,
    ) -> io::Result<()> {
        let snapshot = self
            .snapshot
            .as_mut()
            .ok_or_else(|| out_of_order("finish before begin"))?;
        snapshot.data = data;
        snapshot.unsupported = unsupported;
        Ok(())
    }
}

/// Writes what a [`SnapshotSink`] receives as `schema.json`: the same bytes as
/// [`Snapshot::write_json`] of the whole snapshot, holding one table at a time.
///
/// The layout is serde_json's pretty printer (two-space indent); each piece is serialised on
/// its own and shifted to its nesting depth. Shifting means indenting after every newline,
/// which is safe because JSON strings never contain a raw newline (serde_json escapes it).
pub struct SnapshotWriter<W: Write> {
    w: W,
    /// Bytes of one table, reused between tables.
    buf: Vec<u8>,
    schemas_open: bool,
    schema_open: bool,
    /// Tables written in the open schema, and the last name (to refuse disorder).
    tables_in_schema: usize,
    last_table: Option<String>,
    last_schema: Option<String>,
    finished: bool,
}

/// Depth of a schema entry (`"schemas": { "main": …`) and of a table entry, in spaces.
const SCHEMA_INDENT: &[u8] = b"    ";
const TABLE_INDENT: &[u8] = b"        ";

impl<W: Write> SnapshotWriter<W> {
    /// A writer into `w` (buffer it: many small writes follow).
    pub fn new(w: W) -> Self {
        Self {
            w,
            buf: Vec::new(),
            schemas_open: false,
            schema_open: false,
            tables_in_schema: 0,
            last_table: None,
            last_schema: None,
            finished: false,
        }
    }

    /// The underlying writer, once [`SnapshotSink::finish`] has been written.
    pub fn into_inner(self) -> io::Result<W> {
        if self.finished {
            Ok(self.w)
        } else {
            Err(out_of_order("the snapshot was not finished"))
        }
    }

    /// Writes `value` pretty-printed, every line after the first shifted by `indent`.
    fn write_shifted(&mut self, value: &impl Serialize, indent: &[u8]) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, value)?;
        write_shifted_bytes(&mut self.w, &self.buf, indent)
    }

    /// The fields of `value` (an object), without its braces, each line shifted by `indent`;
    /// false when it has no fields.
    fn write_fields(&mut self, value: &impl Serialize, indent: &[u8]) -> io::Result<bool> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, value)?;
        // `{\n  "a": …\n}` → `  "a": …`; an object without fields prints as `{}`.
        let Some(inner) = self
            .buf
            .strip_prefix(b"{\n")
            .and_then(|b| b.strip_suffix(b"\n}"))
        else {
            return Ok(false);
        };
        self.w.write_all(indent)?;
        write_shifted_bytes(&mut self.w, inner, indent)?;
        Ok(true)
    }
}

fn write_shifted_bytes(w: &mut impl Write, bytes: &[u8], indent: &[u8]) -> io::Result<()> {
    // Each line with its newline in one write, then the indent: two small writes per line.
    let mut start = 0;
    while let Some(p) = bytes[start..].iter().position(|&b| b == b'\n') {
        let end = start + p + 1;
        w.write_all(&bytes[start..end])?;
        w.write_all(indent)?;
        start = end;
    }
    w.write_all(&bytes[start..])
}

impl<W: Write> SnapshotSink for SnapshotWriter<W> {
    fn begin(&mut self, header: &Snapshot) -> io::Result<()> {
        let head = Snapshot {
            format: header.format,
            engine: header.engine.clone(),
            server: header.server.clone(),
            schemas: BTreeMap::new(),
            data: BTreeMap::new(),
            unsupported: Vec::new(),
        };
        // The header always has fields (format, engine, server), so it prints as
        // `{\n  "format": …\n}`: write all of it but the closing brace.
        self.w.write_all(b"{\n")?;
        if !self.write_fields(&head, b"")? {
            return Err(out_of_order("empty header"));
        }
        Ok(())
    }

    fn begin_schema(&mut self, name: &str) -> io::Result<()> {
        if self.schema_open {
            return Err(out_of_order("begin_schema inside a schema"));
        }
        if self.last_schema.as_deref().is_some_and(|last| last >= name) {
            return Err(out_of_order("schemas not in name order"));
        }
        if self.schemas_open {
            self.w.write_all(b",\n")?;
        } else {
            self.w.write_all(b",\n  \"schemas\": {\n")?;
            self.schemas_open = true;
        }
        self.w.write_all(SCHEMA_INDENT)?;
        serde_json::to_writer(&mut self.w, name)?;
        self.w.write_all(b": {")?;
        self.schema_open = true;
        self.tables_in_schema = 0;
        self.last_table = None;
        self.last_schema = Some(name.to_string());
        Ok(())
    }

    fn table(&mut self, name: &str, table: Table) -> io::Result<()> {
        if !self.schema_open {
            return Err(out_of_order("table outside a schema"));
        }
        if self.last_table.as_deref().is_some_and(|last| last >= name) {
            return Err(out_of_order("tables not in name order"));
        }
        if self.tables_in_schema == 0 {
            self.w.write_all(b"\n      \"tables\": {\n")?;
        } else {
            self.w.write_all(b",\n")?;
        }
        self.w.write_all(TABLE_INDENT)?;
        serde_json::to_writer(&mut self.w, name)?;
        self.w.write_all(b": ")?;
        self.write_shifted(&table, TABLE_INDENT)?;
        self.tables_in_schema += 1;
        self.last_table = Some(name.to_string());
        Ok(())
    }

    fn end_schema(&mut self, mut rest: Schema) -> io::Result<()> {
        if !self.schema_open {
            return Err(out_of_order("end_schema without begin_schema"));
        }
        if !rest.tables.is_empty() {
            return Err(out_of_order("end_schema with tables"));
        }
        rest.extensions.sort();
        rest.extensions.dedup();
        for trigger in rest.triggers.values_mut() {
            trigger.events.sort();
            trigger.events.dedup();
        }
        let had_tables = self.tables_in_schema > 0;
        if had_tables {
            self.w.write_all(b"\n      }")?;
        }
        // The other fields go after `tables`, so a comma first when tables were written; the
        // fields are rendered on their own (depth 1) and shifted to depth 3.
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, &rest)?;
        let has_rest = self.buf != b"{}";
        if has_rest {
            self.w.write_all(if had_tables { b",\n" } else { b"\n" })?;
            self.write_fields(&rest, SCHEMA_INDENT)?;
        }
        if had_tables || has_rest {
            self.w.write_all(b"\n    }")?;
        } else {
            self.w.write_all(b"}")?;
        }
        self.schema_open = false;
        Ok(())
    }

    fn finish(
        &mut self,
        data: BTreeMap<String, TableData>,
        mut unsupported: Vec<Unsupported>,
    ) -> io::Result<()> {
        if self.schema_open {
            return Err(out_of_order("finish inside a schema"));
        }
        if self.schemas_open {
            self.w.write_all(b"\n  }")?;
        }
        if !data.is_empty() {
            self.w.write_all(b",\n  \"data\": ")?;
            self.write_shifted(&data, b"  ")?;
        }
        unsupported.sort();
        unsupported.dedup();
        if !unsupported.is_empty() {
            self.w.write_all(b",\n  \"unsupported\": ")?;
            self.write_shifted(&unsupported, b"  ")?;
        }
        self.w.write_all(b"\n}\n")?;
        self.finished = true;
        Ok(())
    }
}
