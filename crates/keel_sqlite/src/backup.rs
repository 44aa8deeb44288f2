//! SQLite backups in the `sqlite-image` layout.
//!
//! - **create**: SQLite's online backup API copies the live database into a private scratch
//!   file in one step (a consistent snapshot, even while the application writes); its pages
//!   are streamed as `image` frames, and per-table row counts and checksums are computed from
//!   that same snapshot; the same read counts each column's values and sums their
//!   `keel_digest` for the data guard (on a second thread).
//! - **checksums** are order-independent ([`RowSetHasher`]): every column of `SELECT *`,
//!   hashed per row and summed, so a table rebuilt from `export --sql` (where rowids of tables
//!   without an `INTEGER PRIMARY KEY` may change) still compares equal. `sqlite_sequence` is
//!   included; `sqlite_stat*` (statistics) and virtual tables (their module may be missing)
//!   are not.
//! - **restore**: the image is written to a scratch file, checked (`quick_check`, counts and
//!   checksums against the trailer), and only then copied over the live database with the
//!   backup API in a single step: one write transaction, so readers see the old or the new
//!   database and a kill mid-way leaves the old one (SQLite's journal rolls it back).
//! - **export**: a `sqlite3 .dump`-compatible script.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keel_backup::{
    compare_tables, BackupEngine, BackupError, BackupEvent, ChunkTally, DigestIn, EngineContext,
    ForeignKind, FrameKind, FrameSink, FrameSource, RowSetHasher, TableStats, TableSums,
    TableTally, TallyThread, CHUNK,
};
use keel_driver::Connection;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::types::ValueRef;
use rusqlite::OpenFlags;

/// The SQLite [`BackupEngine`].
#[derive(Debug, Default, Clone, Copy)]
pub struct SqliteBackup;

fn sq(e: rusqlite::Error) -> BackupError {
    // The backup API reports a full disk by code only (its message reads "not an error").
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        return BackupError::Engine("sqlite: database or disk is full".into());
    }
    BackupError::Engine(format!("sqlite: {e}"))
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl Fn(std::io::Error) -> BackupError + 'a {
    move |e| BackupError::io(action, path, e)
}

fn live_path(conn: &dyn Connection) -> Result<PathBuf, BackupError> {
    conn.url()
        .sqlite_path()
        .ok_or_else(|| BackupError::Engine(format!("{} is not a SQLite database URL", conn.url())))
}

fn open_ro(path: &Path) -> Result<rusqlite::Connection, BackupError> {
    let c = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sq)?;
    c.busy_timeout(Duration::from_secs(30)).map_err(sq)?;
    Ok(c)
}

/// Copies `src` into `dst` with the backup API in one step (all pages, one destination
/// write transaction), waiting out other writers for up to 30 s.
fn copy_db(src: &rusqlite::Connection, dst: &mut rusqlite::Connection) -> Result<(), BackupError> {
    let backup = Backup::new(src, dst).map_err(sq)?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match backup.step(-1).map_err(sq)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if Instant::now() > deadline {
                    return Err(BackupError::Engine(
                        "sqlite: the database stayed locked by another process for 30 s; try again when it is idle"
                            .into(),
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {}
        }
    }
}

/// Copies the database file at `from` into the (empty) database file at `to` with the online
/// backup API: a consistent copy while other connections keep reading and writing `from`, which
/// is only read. `keel rehearse` clones the live database this way.
pub fn clone_database(from: &Path, to: &Path) -> Result<(), BackupError> {
    let src = open_ro(from)?;
    let mut dst = rusqlite::Connection::open(to).map_err(sq)?;
    copy_db(&src, &mut dst)
}

fn quick_check(db: &rusqlite::Connection, what: &str) -> Result<(), BackupError> {
    let result: String = db
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| {
            BackupError::Engine(format!("{what} is not a readable SQLite database: {e}"))
        })?;
    if result != "ok" {
        return Err(BackupError::Engine(format!(
            "{what} fails SQLite's quick_check: {result}"
        )));
    }
    Ok(())
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Tables whose rows are counted and checksummed, by name.
fn data_tables(db: &rusqlite::Connection) -> Result<Vec<String>, BackupError> {
    let mut stmt = db
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' \
             AND upper(substr(ltrim(sql), 1, 20)) <> 'CREATE VIRTUAL TABLE' ORDER BY name",
        )
        .map_err(sq)?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sq)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sq)?;
    Ok(names)
}

/// Counts one table's values and sums their `keel_digest` slices from chunks of whole rows,
/// each value tagged: `0` NULL, `1` integer and `2` real (8 little-endian bytes), `3` text and
/// `4` blob (a little-endian `u32` length and the bytes).
struct ValueTally {
    tally: TableTally,
}

impl ChunkTally for ValueTally {
    fn feed(&mut self, chunk: &[u8], rows: u64) {
        let width = self.tally.width();
        let mut i = 0;
        'rows: for _ in 0..rows {
            for column in 0..width {
                let Some(&tag) = chunk.get(i) else {
                    break 'rows;
                };
                let eight = |i: usize| {
                    chunk
                        .get(i + 1..i + 9)
                        .map(|b| <[u8; 8]>::try_from(b).unwrap_or_default())
                };
                let value = match tag {
                    0 => {
                        i += 1;
                        continue;
                    }
                    1 | 2 => {
                        let Some(b) = eight(i) else { break 'rows };
                        i += 9;
                        if tag == 1 {
                            ValueRef::Integer(i64::from_le_bytes(b))
                        } else {
                            ValueRef::Real(f64::from_bits(u64::from_le_bytes(b)))
                        }
                    }
                    _ => {
                        let Some(len) = chunk.get(i + 1..i + 5) else {
                            break 'rows;
                        };
                        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
                        let Some(bytes) = chunk.get(i + 5..i + 5 + len) else {
                            break 'rows;
                        };
                        i += 5 + len;
                        if tag == 3 {
                            ValueRef::Text(bytes)
                        } else {
                            ValueRef::Blob(bytes)
                        }
                    }
                };
                self.tally.value(column, crate::digest::slices(value));
            }
        }
        self.tally.rows(rows);
    }

    fn finish(self) -> TableStats {
        self.tally.finish()
    }
}

/// Where [`table_sums`] puts the guard's counts, and which tables it counts.
pub(crate) struct Counting<'a> {
    pub(crate) stats: &'a mut Vec<TableStats>,
    pub(crate) wanted: &'a dyn Fn(&str) -> bool,
}

/// Per-table row counts and order-independent checksums. With `stats`, the same read also
/// counts each column's non-NULL values (the data guard's before-fingerprint), and with
/// `stream_digests` sums each column's `keel_digest` (exactly as the guard's SQL would
/// compute it) on a thread of its own.
pub(crate) fn table_sums(
    db: &rusqlite::Connection,
    stats: Option<Counting<'_>>,
    stream_digests: bool,
) -> Result<TableSums, BackupError> {
    let mut sums = TableSums::new();
    let wanted = stats.as_ref().map(|c| c.wanted);
    let mut counted: Vec<TableStats> = Vec::new();
    let mut chunk: Vec<u8> = Vec::new();
    let mut tally = (wanted.is_some() && stream_digests).then(TallyThread::<ValueTally>::spawn);
    for table in data_tables(db)? {
        let counting = wanted.is_some_and(|w| w(&table));
        let mut stmt = db
            .prepare(&format!("SELECT * FROM {}", quote_ident(&table)))
            .map_err(sq)?;
        let width = stmt.column_count();
        let digest = if stream_digests {
            DigestIn::Stream
        } else {
            DigestIn::Artifact
        };
        let columns: Vec<(String, DigestIn)> = stmt
            .column_names()
            .into_iter()
            .map(|c| (c.to_string(), digest))
            .collect();
        let mut tally = tally.as_mut().filter(|_| counting);
        if let Some(t) = tally.as_mut() {
            t.start(ValueTally {
                tally: TableTally::new("main", &table, columns.clone()),
            });
        }
        // Without digests, counting is a compare per value on this thread.
        let mut inline = (counting && !stream_digests)
            .then(|| (TableTally::new("main", &table, columns), vec![0u64; width]));
        let mut rows = stmt.query([]).map_err(sq)?;
        let mut h = RowSetHasher::new();
        let mut pending = 0u64;
        while let Some(row) = rows.next().map_err(sq)? {
            for i in 0..width {
                let value = row.get_ref(i).map_err(sq)?;
                match value {
                    ValueRef::Null => h.null(),
                    ValueRef::Integer(v) => h.int(v),
                    ValueRef::Real(v) => h.real(v),
                    ValueRef::Text(t) => h.text(t),
                    ValueRef::Blob(b) => h.blob(b),
                }
                if let Some((_, values)) = inline.as_mut() {
                    values[i] += u64::from(value != ValueRef::Null);
                }
                if tally.is_some() {
                    match value {
                        ValueRef::Null => chunk.push(0),
                        ValueRef::Integer(v) => {
                            chunk.push(1);
                            chunk.extend_from_slice(&v.to_le_bytes());
                        }
                        ValueRef::Real(v) => {
                            chunk.push(2);
                            chunk.extend_from_slice(&v.to_bits().to_le_bytes());
                        }
                        ValueRef::Text(b) | ValueRef::Blob(b) => {
                            chunk.push(if matches!(value, ValueRef::Text(_)) {
                                3
                            } else {
                                4
                            });
                            chunk.extend_from_slice(&(b.len() as u32).to_le_bytes());
                            chunk.extend_from_slice(b);
                        }
                    }
                }
            }
            h.end_row();
            pending += 1;
            if let Some(t) = tally.as_mut().filter(|_| chunk.len() >= CHUNK) {
                t.chunk(&chunk, pending);
                chunk.clear();
                pending = 0;
            }
        }
        if let Some(t) = tally.as_mut() {
            t.chunk(&chunk, pending);
            chunk.clear();
            t.end_table();
        }
        let sum = h.finish();
        if let Some((mut t, values)) = inline {
            t.rows(sum.rows);
            for (i, n) in values.into_iter().enumerate() {
                t.count_values(i, n);
            }
            counted.push(t.finish());
        }
        sums.insert(table, sum);
    }
    if let Some(Counting { stats: out, .. }) = stats {
        out.extend(tally.map(TallyThread::finish).unwrap_or_default());
        out.extend(counted);
    }
    Ok(sums)
}

/// The content digests of `columns` (`main`, table, column) in `db`, summed with the same
/// `keel_digest` slices a streamed tally uses.
fn column_stats(
    db: &rusqlite::Connection,
    columns: &[(String, String, String)],
) -> Result<Vec<TableStats>, BackupError> {
    let mut out = Vec::new();
    for table in data_tables(db)? {
        let wanted = |c: &str| {
            columns
                .iter()
                .any(|(s, t, n)| s == "main" && *t == table && n == c)
        };
        let mut stmt = db
            .prepare(&format!("SELECT * FROM {}", quote_ident(&table)))
            .map_err(sq)?;
        let names: Vec<String> = stmt
            .column_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        if !names.iter().any(|c| wanted(c)) {
            continue;
        }
        let spec = names
            .iter()
            .map(|c| {
                let digest = if wanted(c) {
                    DigestIn::Stream
                } else {
                    DigestIn::Nowhere
                };
                (c.clone(), digest)
            })
            .collect();
        let mut tally = TableTally::new("main", &table, spec);
        let mut rows = stmt.query([]).map_err(sq)?;
        while let Some(row) = rows.next().map_err(sq)? {
            for i in 0..names.len() {
                let value = row.get_ref(i).map_err(sq)?;
                if value != ValueRef::Null {
                    let slices = tally
                        .digests(i)
                        .then(|| crate::digest::slices(value))
                        .flatten();
                    tally.value(i, slices);
                }
            }
            tally.rows(1);
        }
        out.push(tally.finish());
    }
    Ok(out)
}

/// Writes the image frames of `source` into `path` (up to and including the trailer check).
fn materialize(source: &mut FrameSource<'_>, path: &Path) -> Result<(), BackupError> {
    let mut file = File::create(path).map_err(io_err("cannot write", path))?;
    while let Some(frame) = source.next_frame()? {
        if frame.kind != FrameKind::Image {
            return Err(BackupError::Corrupt(format!(
                "a sqlite-image backup holds a frame of kind {}",
                frame.kind.code()
            )));
        }
        file.write_all(&frame.payload)
            .map_err(io_err("cannot write", path))?;
    }
    file.sync_all().map_err(io_err("cannot write", path))?;
    Ok(())
}

impl BackupEngine for SqliteBackup {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn layout(&self) -> &'static str {
        "sqlite-image"
    }

    fn create(
        &self,
        conn: &mut dyn Connection,
        sink: &mut FrameSink<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        let live = live_path(conn)?;
        ctx.observer.on_event(&BackupEvent::Phase("snapshot"));
        let snap = ctx.scratch("snapshot");
        let sums = {
            let src = open_ro(&live)?;
            let mut dst = rusqlite::Connection::open(snap.path()).map_err(sq)?;
            // A scratch copy: durability comes from the artifact's fsync, so syncing this
            // file page by page only costs time (most of a 1 GiB copy's).
            dst.execute_batch("PRAGMA synchronous = OFF").map_err(sq)?;
            copy_db(&src, &mut dst)?;
            drop(src);
            // The image must not depend on a -wal file beside it.
            dst.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
                .map_err(sq)?;
            let mut stats = Vec::new();
            let wanted = |table: &str| ctx.counts("main", table);
            let sums = table_sums(
                &dst,
                Some(Counting {
                    stats: &mut stats,
                    wanted: &wanted,
                }),
                ctx.stream_digests(),
            )?;
            for s in stats {
                ctx.record_stats(s);
            }
            sums
        };
        ctx.observer.on_event(&BackupEvent::Phase("stream"));
        let path = snap.path().to_path_buf();
        std::thread::scope(|scope| {
            // SQLite's own consistency check of the image runs beside the compression: a
            // backup that a restore would refuse must fail now, while the database can still
            // be looked at and repaired.
            let checked = scope.spawn(|| {
                let db = open_ro(&path)?;
                quick_check(&db, "the database (as copied for the backup)").map_err(|e| {
                    BackupError::Engine(format!(
                        "{e}; keel does not take a backup it could not restore: repair the database first (e.g. `sqlite3 DB .recover`)"
                    ))
                })
            });
            let streamed = stream_image(&path, sink, ctx);
            let checked = checked.join().unwrap_or_else(|_| {
                Err(BackupError::Engine(
                    "the image check stopped unexpectedly".into(),
                ))
            });
            streamed.and(checked)
        })?;
        Ok(sums)
    }

    fn check(
        &self,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        let image = ctx.scratch("check");
        materialize(source, image.path())?;
        let db = open_ro(image.path())?;
        quick_check(&db, "the backup image")?;
        table_sums(&db, None, false)
    }

    fn column_digests(
        &self,
        source: &mut FrameSource<'_>,
        columns: &[(String, String, String)],
        ctx: &mut EngineContext<'_>,
    ) -> Result<Vec<TableStats>, BackupError> {
        // Only when a move must be proven: the image is put back in a scratch file and read.
        let image = ctx.scratch("digest");
        materialize(source, image.path())?;
        let db = open_ro(image.path())?;
        column_stats(&db, columns)
    }

    fn restore(
        &self,
        conn: &mut dyn Connection,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let live = live_path(conn)?;
        ctx.observer.on_event(&BackupEvent::Phase("unpack"));
        let image = ctx.scratch("restore");
        materialize(source, image.path())?;
        let expected = source
            .trailer()
            .map(|t| t.tables.clone())
            .ok_or_else(|| BackupError::Corrupt("the stream ends before the trailer".into()))?;
        ctx.observer.on_event(&BackupEvent::Phase("check"));
        let img = open_ro(image.path())?;
        // quick_check and the row sums read the same image on two threads. The artifact's
        // bytes matched its manifest, so a damaged image here is a damaged backup, reported
        // as such (the CLI refuses the restore with exit 1).
        let (checked, sums) = std::thread::scope(|scope| {
            let checked = scope.spawn(|| {
                let db = open_ro(image.path())?;
                quick_check(&db, "the backup image")
            });
            let sums = table_sums(&img, None, false);
            let checked = checked.join().unwrap_or_else(|_| {
                Err(BackupError::Engine(
                    "the image check stopped unexpectedly".into(),
                ))
            });
            (checked, sums)
        });
        checked.map_err(|e| match e {
            BackupError::Engine(m) => BackupError::Corrupt(m),
            other => other,
        })?;
        compare_tables(&expected, &sums?, "trailer").map_err(|m| {
            BackupError::Corrupt(format!(
                "the backup's data does not match its trailer ({m}); nothing was changed"
            ))
        })?;
        ctx.observer.on_event(&BackupEvent::Phase("replace"));
        replace_live(&img, &live)
    }

    fn export_sql(
        &self,
        source: &mut FrameSource<'_>,
        out: &mut dyn Write,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let image = ctx.scratch("export");
        materialize(source, image.path())?;
        let db = open_ro(image.path())?;
        quick_check(&db, "the backup image")?;
        dump(&db, out)
    }

    fn restore_foreign(
        &self,
        conn: &mut dyn Connection,
        path: &Path,
        kind: ForeignKind,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let live = live_path(conn)?;
        match kind {
            ForeignKind::SqliteFile => {
                let src = open_ro(path)?;
                quick_check(&src, &path.display().to_string())?;
                replace_live(&src, &live)
            }
            ForeignKind::SqlDump | ForeignKind::SqlGz => {
                // The script runs into a scratch database first, so a dump that fails halfway
                // never touches the live one.
                let scratch = ctx.scratch("import");
                let mut script = String::new();
                keel_backup::open_dump(path, kind)?
                    .read_to_string(&mut script)
                    .map_err(io_err("cannot read", path))?;
                let db = rusqlite::Connection::open(scratch.path()).map_err(sq)?;
                db.execute_batch(&script).map_err(|e| {
                    BackupError::Engine(format!(
                        "{} is not a SQLite script that sqlite3 could run ({e}); nothing was changed",
                        path.display()
                    ))
                })?;
                quick_check(&db, "the imported dump")?;
                replace_live(&db, &live)
            }
            _ => Err(BackupError::Unsupported {
                engine: "sqlite".into(),
                what: format!("restoring {}", path.display()),
            }),
        }
    }
}

/// Writes the image file at `path` as `image` frames of [`CHUNK`] bytes.
fn stream_image(
    path: &Path,
    sink: &mut FrameSink<'_>,
    ctx: &mut EngineContext<'_>,
) -> Result<(), BackupError> {
    let mut file = File::open(path).map_err(io_err("cannot read", path))?;
    let total = file.metadata().map(|m| m.len()).ok();
    let mut buf = vec![0u8; CHUNK];
    let mut done = 0u64;
    loop {
        let mut filled = 0;
        while filled < buf.len() {
            let n = file
                .read(&mut buf[filled..])
                .map_err(io_err("cannot read", path))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 {
            return Ok(());
        }
        sink.write(FrameKind::Image, &buf[..filled])
            .map_err(|e| BackupError::io("cannot write the backup", path, e))?;
        done += filled as u64;
        ctx.observer.on_event(&BackupEvent::Bytes { done, total });
    }
}

fn replace_live(src: &rusqlite::Connection, live: &Path) -> Result<(), BackupError> {
    let mut dst = rusqlite::Connection::open(live).map_err(sq)?;
    dst.busy_timeout(Duration::from_secs(30)).map_err(sq)?;
    copy_db(src, &mut dst)
}

/// Writes a script in the shape of `sqlite3 .dump`: tables with their rows, then
/// `sqlite_sequence`, then indexes, triggers and views in creation order, in one
/// transaction with foreign keys off.
fn dump(db: &rusqlite::Connection, out: &mut dyn Write) -> Result<(), BackupError> {
    let mut w = BufWriter::with_capacity(256 * 1024, out);
    let werr = |e: std::io::Error| BackupError::io("cannot write the export", "<output>", e);
    writeln!(w, "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;").map_err(werr)?;
    let tables: Vec<(String, String)> = {
        let mut stmt = db
            .prepare(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL \
                 ORDER BY name = 'sqlite_sequence', rowid",
            )
            .map_err(sq)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sq)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sq)?;
        rows
    };
    let mut writable_schema = false;
    for (name, sql) in &tables {
        if name == "sqlite_sequence" {
            writeln!(w, "DELETE FROM sqlite_sequence;").map_err(werr)?;
        } else if name.starts_with("sqlite_") {
            // sqlite_stat*: statistics, rebuilt by ANALYZE.
            continue;
        } else if sql
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE VIRTUAL TABLE")
        {
            if !writable_schema {
                writeln!(w, "PRAGMA writable_schema=ON;").map_err(werr)?;
                writable_schema = true;
            }
            writeln!(
                w,
                "INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table',{},{},0,{});",
                text_literal(name.as_bytes()),
                text_literal(name.as_bytes()),
                text_literal(sql.as_bytes())
            )
            .map_err(werr)?;
            continue;
        } else {
            writeln!(w, "{sql};").map_err(werr)?;
        }
        dump_rows(db, name, &mut w)?;
    }
    let mut stmt = db
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index', 'trigger', 'view') \
             ORDER BY rowid",
        )
        .map_err(sq)?;
    let mut rows = stmt.query([]).map_err(sq)?;
    while let Some(row) = rows.next().map_err(sq)? {
        let sql: String = row.get(0).map_err(sq)?;
        writeln!(w, "{sql};").map_err(werr)?;
    }
    if writable_schema {
        writeln!(w, "PRAGMA writable_schema=OFF;").map_err(werr)?;
    }
    writeln!(w, "COMMIT;").map_err(werr)?;
    w.flush().map_err(werr)
}

fn dump_rows(db: &rusqlite::Connection, table: &str, w: &mut dyn Write) -> Result<(), BackupError> {
    let werr = |e: std::io::Error| BackupError::io("cannot write the export", "<output>", e);
    // Generated columns (hidden 2 and 3) cannot be inserted; list the others by name then.
    let mut info = db
        .prepare(&format!("PRAGMA table_xinfo({})", quote_ident(table)))
        .map_err(sq)?;
    let cols: Vec<(String, i64)> = info
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(6)?)))
        .map_err(sq)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sq)?;
    let plain: Vec<String> = cols
        .iter()
        .filter(|(_, hidden)| *hidden == 0)
        .map(|(n, _)| quote_ident(n))
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    let target = if plain.len() == cols.len() {
        quote_ident(table)
    } else {
        format!("{}({})", quote_ident(table), plain.join(","))
    };
    let mut stmt = db
        .prepare(&format!(
            "SELECT {} FROM {}",
            plain.join(", "),
            quote_ident(table)
        ))
        .map_err(sq)?;
    let width = plain.len();
    let mut rows = stmt.query([]).map_err(sq)?;
    while let Some(row) = rows.next().map_err(sq)? {
        write!(w, "INSERT INTO {target} VALUES(").map_err(werr)?;
        for i in 0..width {
            if i > 0 {
                w.write_all(b",").map_err(werr)?;
            }
            match row.get_ref(i).map_err(sq)? {
                ValueRef::Null => w.write_all(b"NULL").map_err(werr)?,
                ValueRef::Integer(v) => write!(w, "{v}").map_err(werr)?,
                ValueRef::Real(v) => w.write_all(real_literal(v).as_bytes()).map_err(werr)?,
                ValueRef::Text(t) => w.write_all(text_literal(t).as_bytes()).map_err(werr)?,
                ValueRef::Blob(b) => w.write_all(blob_literal(b).as_bytes()).map_err(werr)?,
            }
        }
        w.write_all(b");\n").map_err(werr)?;
    }
    Ok(())
}

/// The shortest decimal that reads back as the same double (Rust's `{:e}` is
/// round-trip exact), always with an exponent so SQLite reads it as REAL, never INTEGER.
fn real_literal(v: f64) -> String {
    if v.is_nan() {
        "NULL".into()
    } else if v.is_infinite() {
        if v > 0.0 { "1e999" } else { "-1e999" }.into()
    } else {
        format!("{v:e}")
    }
}

/// `'…'` with quotes doubled; text holding NUL or invalid UTF-8 is written as a cast blob so
/// its bytes survive exactly.
fn text_literal(t: &[u8]) -> String {
    match std::str::from_utf8(t) {
        Ok(s) if !s.contains('\0') => format!("'{}'", s.replace('\'', "''")),
        _ => format!("CAST({} AS TEXT)", blob_literal(t)),
    }
}

fn blob_literal(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2 + 3);
    s.push_str("X'");
    s.push_str(&hex::encode_upper(b));
    s.push('\'');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_exact() {
        assert_eq!(real_literal(0.1), "1e-1");
        assert_eq!(real_literal(1e308), "1e308");
        assert_eq!(real_literal(3.0), "3e0");
        assert_eq!(real_literal(f64::INFINITY), "1e999");
        assert_eq!(text_literal(b"it's"), "'it''s'");
        assert_eq!(text_literal(b"a\0b"), "CAST(X'610062' AS TEXT)");
        assert_eq!(blob_literal(&[0, 255]), "X'00FF'");
    }

    #[test]
    fn sums_ignore_physical_order() {
        let a = rusqlite::Connection::open_in_memory().unwrap();
        a.execute_batch(
            "CREATE TABLE t(x, y); INSERT INTO t VALUES (1, 'a'), (2, NULL), (3.5, X'00');",
        )
        .unwrap();
        let b = rusqlite::Connection::open_in_memory().unwrap();
        b.execute_batch(
            "CREATE TABLE t(x, y); INSERT INTO t VALUES (3.5, X'00'), (1, 'a'), (2, NULL);",
        )
        .unwrap();
        assert_eq!(
            table_sums(&a, None, false).unwrap(),
            table_sums(&b, None, false).unwrap()
        );
        b.execute_batch("UPDATE t SET y = '' WHERE x = 2").unwrap();
        assert_ne!(
            table_sums(&a, None, false).unwrap(),
            table_sums(&b, None, false).unwrap()
        );
    }
}
