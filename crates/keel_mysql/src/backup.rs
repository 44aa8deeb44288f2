//! MySQL/MariaDB backups in the `logical` layout.
//!
//! - **create**: one dedicated connection, `START TRANSACTION WITH CONSISTENT SNAPSHOT` in
//!   REPEATABLE READ (consistent for InnoDB tables), UTC session time zone, utf8mb4. The
//!   schema SQL is the server's own `SHOW CREATE TABLE` (with its `AUTO_INCREMENT` position);
//!   views, routines and triggers (`SHOW CREATE …`) are the post-schema. Rows are read in
//!   primary-key order with the text protocol and written in keel's row encoding: per value
//!   `0x00` for NULL or `0x01`, a u32 little-endian length and the value's bytes. A second
//!   thread decodes those chunks again to count each column's values and hash them for the
//!   data guard (see [`RowTally`]).
//! - **restore**: MySQL commits DDL at once, so the backup is loaded into a side schema
//!   `keel_rs_<12 hex of sha256(database)>_<unix time>` (rows with `LOAD DATA LOCAL INFILE`
//!   fed from memory, or `INSERT`s where the server refuses it; see [`infile`]), read back
//!   and checked against the trailer, and then swapped in: triggers of the live tables
//!   dropped, one atomic multi-table `RENAME TABLE` (live tables to `keel_ro_…`, side tables
//!   to live, and the side schema's `__keel_restore_ready` marker to
//!   `__keel_restore_swapped`), then views, routines and triggers replaced from a plan stored
//!   in the side schema, then both side schemas dropped. A kill before the rename leaves
//!   the old tables; after it, the new ones. Whatever an interrupted keel left is finished
//!   (marker present) or dropped (no marker) by the next `backup create` or `restore` of
//!   that database.
//! - **export**: a script `mariadb`/`mysql` runs alone (`DELIMITER` around routines and
//!   triggers, foreign key checks off in its own session while the rows load).
//! - **foreign dumps**: a `mysqldump`/`mariadb-dump` script (optionally gzip) runs into the
//!   side schema and is swapped in the same way.

use std::io::Write;
use std::path::Path;

use keel_backup::{
    open_dump, BackupEngine, BackupError, BackupEvent, ChunkTally, ColumnInfo, DigestIn, DumpItem,
    DumpReader, EngineContext, ForeignKind, FrameKind, FrameSink, FrameSource, LogicalItem,
    LogicalReader, TableStart, TableSums, TableTally, TableWriter, TallyThread, CHUNK,
};
use keel_driver::{Connection, Dialect};
use mysql::prelude::Queryable;
use mysql::Conn;
use sha2::{Digest, Sha256};

use crate::connection::MysqlConnection;
use infile::Infile;

mod infile;

/// The MySQL/MariaDB [`BackupEngine`].
#[derive(Debug, Default, Clone, Copy)]
pub struct MysqlBackup;

const READY: &str = "__keel_restore_ready";
const SWAPPED: &str = "__keel_restore_swapped";
const PLAN: &str = "__keel_restore_plan";

/// The session every read and load runs under: values as UTC text in utf8mb4; a 0 in an
/// AUTO_INCREMENT column stays 0.
const SESSION: &str = "SET NAMES utf8mb4; SET SESSION time_zone = '+00:00'; \
    SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'";

fn my(what: &str, e: mysql::Error) -> BackupError {
    let text = match e {
        mysql::Error::MySqlError(err) => err.message,
        other => other.to_string(),
    };
    BackupError::Engine(format!("mysql: {what}: {text}"))
}

fn q(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1a}' => out.push_str("\\Z"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn text_rows(c: &mut Conn, sql: &str) -> Result<Vec<Vec<Option<String>>>, BackupError> {
    let rows: Vec<mysql::Row> = c.query(sql).map_err(|e| my("reading the catalog", e))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            r.unwrap()
                .into_iter()
                .map(|v| match v {
                    mysql::Value::NULL => None,
                    mysql::Value::Bytes(b) => Some(String::from_utf8_lossy(&b).into_owned()),
                    other => Some(other.as_sql(true).trim_matches('\'').to_string()),
                })
                .collect()
        })
        .collect())
}

fn s(row: &[Option<String>], i: usize) -> &str {
    row.get(i).and_then(|v| v.as_deref()).unwrap_or("")
}

fn exec(c: &mut Conn, sql: &str, what: &str) -> Result<(), BackupError> {
    c.query_drop(sql).map_err(|e| my(what, e))
}

fn open(conn: &dyn Connection) -> Result<MysqlConnection, BackupError> {
    Ok(MysqlConnection::open(conn.url())?)
}

fn db_hash(database: &str) -> String {
    hex::encode(Sha256::digest(database.as_bytes()))[..12].to_string()
}

struct DataTable {
    name: String,
    columns: Vec<ColumnInfo>,
    /// Each column's character set (`None` for columns without one).
    charsets: Vec<Option<String>>,
    order_by: String,
}

fn data_table(c: &mut Conn, schema: &str, table: &str) -> Result<DataTable, BackupError> {
    let cols = text_rows(
        c,
        &format!(
            "SELECT COLUMN_NAME, DATA_TYPE, EXTRA, COLUMN_KEY, CHARACTER_SET_NAME FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = {} AND TABLE_NAME = {} ORDER BY ORDINAL_POSITION",
            lit(schema),
            lit(table)
        ),
    )?;
    let stored: Vec<&Vec<Option<String>>> = cols
        .iter()
        .filter(|r| {
            let extra = s(r, 2).to_ascii_uppercase();
            !(extra.contains("VIRTUAL GENERATED")
                || extra.contains("STORED GENERATED")
                || extra.contains("PERSISTENT GENERATED"))
        })
        .collect();
    let columns = stored
        .iter()
        .map(|r| ColumnInfo {
            name: s(r, 0).to_string(),
            ty: s(r, 1).to_string(),
        })
        .collect();
    let charsets = stored.iter().map(|r| r.get(4).cloned().flatten()).collect();
    let pk = text_rows(
        c,
        &format!(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {} AND TABLE_NAME = {} \
             AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
            lit(schema),
            lit(table)
        ),
    )?;
    // Primary-key order makes the row stream, and so its checksum, the same when the side
    // schema is read back; a table without one is read in its physical (insertion) order.
    let order_by = if pk.is_empty() {
        String::new()
    } else {
        format!(
            " ORDER BY {}",
            pk.iter().map(|r| q(s(r, 0))).collect::<Vec<_>>().join(", ")
        )
    };
    Ok(DataTable {
        name: table.to_string(),
        columns,
        charsets,
        order_by,
    })
}

fn select_sql(schema: &str, t: &DataTable) -> String {
    let cols: Vec<String> = t.columns.iter().map(|c| q(&c.name)).collect();
    format!(
        "SELECT {} FROM {}.{}{}",
        if cols.is_empty() {
            "1".to_string()
        } else {
            cols.join(", ")
        },
        q(schema),
        q(&t.name),
        t.order_by
    )
}

/// Receives encoded rows and how many rows they are.
type Emit<'e> = &'e mut dyn FnMut(&[u8], u64) -> Result<(), BackupError>;

/// Whether `SHA2(value, 256)` on a column of this type and character set hashes exactly the bytes
/// the text protocol sends for it under `SET NAMES utf8mb4`: then the stream can compute the
/// guard's content digest. Not so for text in other character sets (converted on the way),
/// `timestamp` (the backup reads it in UTC, the guard in its session's zone), floating point,
/// `bit`, and the spatial and other types whose text the two paths may spell differently.
fn sha2_is_wire_text(data_type: &str, charset: Option<&str>) -> bool {
    let utf8 = charset.is_some_and(|c| matches!(c, "utf8mb4" | "utf8mb3" | "utf8" | "ascii"));
    match data_type.to_ascii_lowercase().as_str() {
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint" | "decimal" | "date"
        | "datetime" | "time" | "year" | "binary" | "varbinary" | "tinyblob" | "blob"
        | "mediumblob" | "longblob" => true,
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" => utf8,
        _ => false,
    }
}

/// Counts one table's values from chunks of keel's row encoding (per value: `0` for NULL, or
/// `1`, a little-endian `u32` length and the bytes), which always hold whole rows.
struct RowTally {
    tally: TableTally,
}

impl ChunkTally for RowTally {
    fn feed(&mut self, chunk: &[u8], rows: u64) {
        let width = self.tally.width();
        let mut i = 0;
        'rows: for _ in 0..rows {
            for column in 0..width {
                match chunk.get(i) {
                    Some(0) => i += 1,
                    Some(1) => {
                        let Some(len) = chunk.get(i + 1..i + 5) else {
                            break 'rows;
                        };
                        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
                        let Some(value) = chunk.get(i + 5..i + 5 + len) else {
                            break 'rows;
                        };
                        self.tally.hashed_value(column, value);
                        i += 5 + len;
                    }
                    _ => break 'rows,
                }
            }
        }
        self.tally.rows(rows);
    }

    fn finish(self) -> keel_backup::TableStats {
        self.tally.finish()
    }
}

/// How many whole rows of `width` values a chunk of keel's row encoding holds.
fn row_count(chunk: &[u8], width: usize) -> u64 {
    if width == 0 {
        return 0;
    }
    let (mut i, mut values) = (0usize, 0u64);
    while let Some(&tag) = chunk.get(i) {
        i += match (tag, chunk.get(i + 1..i + 5)) {
            (0, _) => 1,
            (_, Some(len)) => 5 + u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize,
            (_, None) => break,
        };
        values += 1;
    }
    values / width as u64
}

/// Streams a table's rows in keel's row encoding to `emit(encoded, rows)`, ~1 MiB at a time.
fn read_rows(c: &mut Conn, schema: &str, t: &DataTable, emit: Emit<'_>) -> Result<(), BackupError> {
    let width = t.columns.len();
    let mut result = c
        .query_iter(select_sql(schema, t))
        .map_err(|e| my(&format!("reading {}", t.name), e))?;
    let mut buf = Vec::with_capacity(CHUNK);
    let mut rows = 0u64;
    if let Some(set) = result.iter() {
        for row in set {
            let row = row.map_err(|e| my(&format!("reading {}", t.name), e))?;
            let values = row.unwrap();
            for v in values.into_iter().take(width) {
                let b = match v {
                    mysql::Value::NULL => {
                        buf.push(0);
                        continue;
                    }
                    mysql::Value::Bytes(b) => b,
                    other => other.as_sql(true).trim_matches('\'').as_bytes().to_vec(),
                };
                buf.push(1);
                buf.extend_from_slice(&(b.len() as u32).to_le_bytes());
                buf.extend_from_slice(&b);
            }
            rows += 1;
            if buf.len() >= CHUNK {
                emit(&buf, rows)?;
                buf.clear();
                rows = 0;
            }
        }
    }
    if !buf.is_empty() || rows > 0 {
        emit(&buf, rows)?;
    }
    Ok(())
}

/// Decodes one chunk of rows into SQL value lists `(…)`.
fn decode_rows(
    chunk: &[u8],
    binary: &[bool],
    mut row: impl FnMut(String),
) -> Result<(), BackupError> {
    let bad = || BackupError::Corrupt("a row chunk does not decode".into());
    let mut i = 0;
    while i < chunk.len() {
        let mut sql = String::from("(");
        for (n, bin) in binary.iter().enumerate() {
            if n > 0 {
                sql.push(',');
            }
            let tag = *chunk.get(i).ok_or_else(bad)?;
            i += 1;
            match tag {
                0 => sql.push_str("NULL"),
                1 => {
                    let len_bytes = chunk.get(i..i + 4).ok_or_else(bad)?;
                    let len = u32::from_le_bytes([
                        len_bytes[0],
                        len_bytes[1],
                        len_bytes[2],
                        len_bytes[3],
                    ]) as usize;
                    i += 4;
                    let v = chunk.get(i..i + len).ok_or_else(bad)?;
                    i += len;
                    if *bin {
                        if v.is_empty() {
                            sql.push_str("''");
                        } else {
                            sql.push_str("X'");
                            sql.push_str(&hex::encode_upper(v));
                            sql.push('\'');
                        }
                    } else {
                        match std::str::from_utf8(v) {
                            Ok(t) => sql.push_str(&lit(t)),
                            Err(_) => {
                                sql.push_str("_binary X'");
                                sql.push_str(&hex::encode_upper(v));
                                sql.push('\'');
                            }
                        }
                    }
                }
                _ => return Err(bad()),
            }
        }
        sql.push(')');
        row(sql);
        if binary.is_empty() {
            // Nothing consumed: a row without columns cannot be told apart from the next.
            break;
        }
    }
    Ok(())
}

/// The current database's tables (base tables only) and whether anything keel cannot copy
/// exactly is there.
fn base_tables(c: &mut Conn, schema: &str) -> Result<Vec<String>, BackupError> {
    let all = text_rows(
        c,
        &format!(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} ORDER BY TABLE_NAME",
            lit(schema)
        ),
    )?;
    let mut out = Vec::new();
    for r in all {
        match s(&r, 1) {
            "BASE TABLE" => out.push(s(&r, 0).to_string()),
            "VIEW" | "SYSTEM VIEW" => {}
            other => {
                return Err(BackupError::NotExact {
                    objects: format!("{} ({other})", s(&r, 0)),
                    tool: "mariadb-dump".into(),
                })
            }
        }
    }
    Ok(out)
}

/// Views, routines and triggers of `schema` as statements for the live database, with the
/// schema's own name taken out of their qualified references.
fn programmable(c: &mut Conn, schema: &str) -> Result<Vec<String>, BackupError> {
    let strip = |sql: &str| sql.replace(&format!("{}.", q(schema)), "");
    let mut views = Vec::new();
    for r in text_rows(
        c,
        &format!(
            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = {} ORDER BY TABLE_NAME",
            lit(schema)
        ),
    )? {
        let v = text_rows(c, &format!("SHOW CREATE VIEW {}.{}", q(schema), q(s(&r, 0))))?;
        if let Some(v) = v.first() {
            views.push((s(&r, 0).to_string(), strip(s(v, 1))));
        }
    }
    let mut out = views_in_dependency_order(views);
    for r in text_rows(
        c,
        &format!(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {} ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
            lit(schema)
        ),
    )? {
        let kind = s(&r, 1).to_string();
        let v = text_rows(c, &format!("SHOW CREATE {kind} {}.{}", q(schema), q(s(&r, 0))))?;
        if let Some(v) = v.first() {
            out.push(format!("SET SESSION sql_mode = {}", lit(s(v, 1))));
            out.push(strip(s(v, 2)));
        }
    }
    for r in text_rows(
        c,
        &format!(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {} ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
            lit(schema)
        ),
    )? {
        let v = text_rows(c, &format!("SHOW CREATE TRIGGER {}.{}", q(schema), q(s(&r, 0))))?;
        if let Some(v) = v.first() {
            out.push(format!("SET SESSION sql_mode = {}", lit(s(v, 1))));
            out.push(strip(s(v, 2)));
        }
    }
    Ok(out)
}

/// Views that name other views come after them (a name appears as `` `name` `` in the
/// server's definition); a cycle, which the server would not allow, keeps the given order.
fn views_in_dependency_order(mut views: Vec<(String, String)>) -> Vec<String> {
    let mut out = Vec::new();
    while !views.is_empty() {
        let pending: Vec<String> = views.iter().map(|(n, _)| q(n)).collect();
        let ready = views.iter().position(|(name, sql)| {
            let body = sql.split_once(" AS ").map_or(sql.as_str(), |(_, b)| b);
            !pending
                .iter()
                .any(|other| *other != q(name) && body.contains(other.as_str()))
        });
        let (_, sql) = views.remove(ready.unwrap_or(0));
        out.push(sql);
    }
    out
}

/// Starts the consistent snapshot and reads one row of every table in it. Reading takes the
/// table's shared metadata lock until the snapshot ends, so DDL on those tables waits for
/// the backup instead of breaking it halfway. A table created or altered between the start
/// of the snapshot and that first read cannot be read in it ("table definition has
/// changed"); the snapshot is then started again, a few times, before giving up.
fn stable_snapshot(c: &mut Conn, live: &str) -> Result<Vec<String>, BackupError> {
    let mut last = String::new();
    for attempt in 0..20 {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
        }
        exec(
            c,
            "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
            "starting the snapshot",
        )?;
        let tables = base_tables(c, live)?;
        let mut changed = None;
        for t in &tables {
            match c.query_drop(format!("SELECT 1 FROM {}.{} LIMIT 1", q(live), q(t))) {
                Ok(()) => {}
                // 1412: table definition changed; 1146: table gone; 1205: lock wait timeout.
                Err(mysql::Error::MySqlError(e)) if matches!(e.code, 1412 | 1146 | 1205) => {
                    changed = Some(format!("{t}: {}", e.message));
                    break;
                }
                Err(e) => return Err(my(&format!("reading {t}"), e)),
            }
        }
        match changed {
            None => return Ok(tables),
            Some(why) => {
                exec(c, "ROLLBACK", "restarting the snapshot")?;
                last = why;
            }
        }
    }
    Err(BackupError::Engine(format!(
        "mysql: the schema kept changing while the backup started ({last}); is a migration running? Try again when it is done"
    )))
}

fn current_db(c: &mut Conn) -> Result<String, BackupError> {
    let r = text_rows(c, "SELECT DATABASE()")?;
    Ok(r.first().map(|r| s(r, 0).to_string()).unwrap_or_default())
}

fn table_exists(c: &mut Conn, schema: &str, table: &str) -> Result<bool, BackupError> {
    Ok(!text_rows(
        c,
        &format!(
            "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_NAME = {}",
            lit(schema),
            lit(table)
        ),
    )?
    .is_empty())
}

/// Takes the per-database restore lock (a `GET_LOCK`, released when the session ends, so a
/// killed keel never leaves it behind). Side schemas are only touched under it: a running
/// restore's side schema is never mistaken for a killed one's.
fn restore_lock(c: &mut Conn, live: &str, wait_secs: u32) -> Result<bool, BackupError> {
    let got = text_rows(
        c,
        &format!(
            "SELECT GET_LOCK('keel_restore_{}', {wait_secs})",
            db_hash(live)
        ),
    )?;
    Ok(got.first().is_some_and(|r| s(r, 0) == "1"))
}

fn release_restore_lock(c: &mut Conn, live: &str) -> Result<(), BackupError> {
    exec(
        c,
        &format!("DO RELEASE_LOCK('keel_restore_{}')", db_hash(live)),
        "releasing the restore lock",
    )
}

/// For `restore`: the lock, or a clear error when another keel keeps restoring.
fn lock_for_restore(c: &mut Conn, live: &str) -> Result<(), BackupError> {
    if restore_lock(c, live, 60)? {
        return Ok(());
    }
    Err(BackupError::Engine(format!(
        "another keel has been restoring {live} for over a minute; wait for it to finish and try again (nothing was changed)"
    )))
}

/// Finishes or removes whatever an interrupted restore of `live` left behind.
fn recover(c: &mut Conn, live: &str) -> Result<(), BackupError> {
    let h = db_hash(live);
    let side: Vec<String> = text_rows(
        c,
        &format!("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'keel\\_rs\\_{h}\\_%' ORDER BY 1"),
    )?
    .into_iter()
    .map(|r| s(&r, 0).to_string())
    .collect();
    for side in side {
        let old = side.replacen("keel_rs_", "keel_ro_", 1);
        if table_exists(c, &side, READY)? || table_exists(c, &side, SWAPPED)? {
            roll_forward(c, live, &side, &old)?;
        } else {
            exec(
                c,
                &format!("DROP DATABASE IF EXISTS {}", q(&side)),
                "removing a stray side schema",
            )?;
            exec(
                c,
                &format!("DROP DATABASE IF EXISTS {}", q(&old)),
                "removing a stray side schema",
            )?;
        }
    }
    for r in text_rows(
        c,
        &format!("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'keel\\_ro\\_{h}\\_%'"),
    )? {
        exec(c, &format!("DROP DATABASE IF EXISTS {}", q(s(&r, 0))), "removing a stray side schema")?;
    }
    exec(c, &format!("USE {}", q(live)), "selecting the database")
}

/// Swaps a loaded and checked side schema in. Every step can run again after a kill.
fn roll_forward(c: &mut Conn, live: &str, side: &str, old: &str) -> Result<(), BackupError> {
    exec(c, &format!("USE {}", q(live)), "selecting the database")?;
    exec(
        c,
        &format!("CREATE DATABASE IF NOT EXISTS {}", q(old)),
        "creating the side schema",
    )?;
    // A table with triggers cannot move to another schema: the live triggers go first.
    for r in text_rows(
        c,
        &format!(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {}",
            lit(live)
        ),
    )? {
        exec(
            c,
            &format!("DROP TRIGGER IF EXISTS {}.{}", q(live), q(s(&r, 0))),
            "dropping the old triggers",
        )?;
    }
    if table_exists(c, side, READY)? {
        let mut pairs = Vec::new();
        for t in base_tables_any(c, live)? {
            pairs.push(format!("{}.{} TO {}.{}", q(live), q(&t), q(old), q(&t)));
        }
        for t in base_tables_any(c, side)? {
            if t == READY || t == PLAN {
                continue;
            }
            pairs.push(format!("{}.{} TO {}.{}", q(side), q(&t), q(live), q(&t)));
        }
        pairs.push(format!(
            "{}.{} TO {}.{}",
            q(side),
            q(READY),
            q(side),
            q(SWAPPED)
        ));
        exec(
            c,
            &format!("RENAME TABLE {}", pairs.join(", ")),
            "swapping the restored tables in",
        )?;
    }
    for r in text_rows(
        c,
        &format!(
            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = {}",
            lit(live)
        ),
    )? {
        exec(
            c,
            &format!("DROP VIEW IF EXISTS {}.{}", q(live), q(s(&r, 0))),
            "dropping the old views",
        )?;
    }
    for r in text_rows(
        c,
        &format!("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {}", lit(live)),
    )? {
        exec(
            c,
            &format!("DROP {} IF EXISTS {}.{}", s(&r, 1), q(live), q(s(&r, 0))),
            "dropping the old routines",
        )?;
    }
    let plan: Vec<String> = text_rows(
        c,
        &format!("SELECT stmt FROM {}.{} ORDER BY seq", q(side), q(PLAN)),
    )?
    .into_iter()
    .map(|r| s(&r, 0).to_string())
    .collect();
    // Views may name views that come later in the list: retry until nothing is left.
    let mut pending: Vec<&String> = plan.iter().collect();
    loop {
        let mut failed = Vec::new();
        let mut last_err = None;
        for stmt in &pending {
            if let Err(e) = c.query_drop(stmt.as_str()) {
                failed.push(*stmt);
                last_err = Some(e);
            }
        }
        if failed.is_empty() {
            break;
        }
        if failed.len() == pending.len() {
            let e = last_err.map(|e| my("recreating views, routines and triggers", e));
            return Err(e.unwrap_or_else(|| BackupError::Engine("mysql: plan failed".into())));
        }
        pending = failed;
    }
    exec(c, SESSION, "setting up the session")?;
    exec(
        c,
        &format!("DROP DATABASE IF EXISTS {}", q(old)),
        "dropping the old tables",
    )?;
    exec(
        c,
        &format!("DROP DATABASE IF EXISTS {}", q(side)),
        "dropping the side schema",
    )?;
    Ok(())
}

fn base_tables_any(c: &mut Conn, schema: &str) -> Result<Vec<String>, BackupError> {
    Ok(text_rows(
        c,
        &format!(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_TYPE <> 'VIEW' ORDER BY TABLE_NAME",
            lit(schema)
        ),
    )?
    .into_iter()
    .map(|r| s(&r, 0).to_string())
    .collect())
}

/// Creates the side schema (same defaults as the live one) and selects it.
fn create_side(c: &mut Conn, live: &str) -> Result<(String, String), BackupError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    let h = db_hash(live);
    let side = format!("keel_rs_{h}_{stamp}");
    let old = format!("keel_ro_{h}_{stamp}");
    let defaults = text_rows(
        c,
        &format!(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {}",
            lit(live)
        ),
    )?;
    let opts = defaults
        .first()
        .map(|r| format!(" CHARACTER SET {} COLLATE {}", s(r, 0), s(r, 1)))
        .unwrap_or_default();
    exec(
        c,
        &format!("CREATE DATABASE {}{opts}", q(&side)),
        "creating the side schema (the user needs CREATE and DROP on databases named keel_rs_* and keel_ro_*)",
    )?;
    exec(c, &format!("USE {}", q(&side)), "selecting the side schema")?;
    exec(c, SESSION, "setting up the session")?;
    exec(
        c,
        "SET SESSION foreign_key_checks = 0",
        "setting up the session",
    )?;
    Ok((side, old))
}

/// Records the plan and the ready marker in the side schema, then swaps.
fn commit_side(
    c: &mut Conn,
    live: &str,
    side: &str,
    old: &str,
    plan: &[String],
) -> Result<(), BackupError> {
    exec(
        c,
        &format!(
            "CREATE TABLE {}.{} (seq INT PRIMARY KEY, stmt LONGTEXT NOT NULL)",
            q(side),
            q(PLAN)
        ),
        "recording the restore plan",
    )?;
    for (i, stmt) in plan.iter().enumerate() {
        exec(
            c,
            &format!(
                "INSERT INTO {}.{} VALUES ({i}, {})",
                q(side),
                q(PLAN),
                lit(stmt)
            ),
            "recording the restore plan",
        )?;
    }
    exec(
        c,
        &format!("CREATE TABLE {}.{} (x INT)", q(side), q(READY)),
        "marking the side schema ready",
    )?;
    roll_forward(c, live, side, old)
}

impl BackupEngine for MysqlBackup {
    fn name(&self) -> &'static str {
        "mysql"
    }

    fn layout(&self) -> &'static str {
        "logical"
    }

    fn create(
        &self,
        conn: &mut dyn Connection,
        sink: &mut FrameSink<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        let mut own = open(conn)?;
        let c = own.raw();
        let live = current_db(c)?;
        // A restore in progress elsewhere holds the lock; its side schema is its own business.
        if restore_lock(c, &live, 0)? {
            recover(c, &live)?;
            release_restore_lock(c, &live)?;
        }
        ctx.observer.on_event(&BackupEvent::Phase("snapshot"));
        exec(c, SESSION, "setting up the session")?;
        exec(
            c,
            "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
            "starting the snapshot",
        )?;
        let tables = stable_snapshot(c, &live)?;
        let mut schema = Vec::new();
        for t in &tables {
            let r = text_rows(c, &format!("SHOW CREATE TABLE {}", q(t)))?;
            schema.push(r.first().map(|r| s(r, 1).to_string()).unwrap_or_default());
        }
        let post = programmable(c, &live)?;
        let werr =
            |e: std::io::Error| BackupError::io("cannot write the backup", "<backup stream>", e);
        let json =
            |v: &Vec<String>| serde_json::to_vec(v).map_err(|e| BackupError::Engine(e.to_string()));
        sink.write(FrameKind::Schema, &json(&schema)?)
            .map_err(werr)?;
        // The server's estimate of the data's size gives a progress bar its end; the text
        // rows are seldom far from it.
        let estimate = text_rows(
            c,
            &format!(
                "SELECT COALESCE(SUM(DATA_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = {}",
                lit(&live)
            ),
        )?
        .first()
        .and_then(|r| s(r, 0).parse::<u64>().ok())
        .filter(|n| *n > 0);
        ctx.observer.on_event(&BackupEvent::Phase("stream"));
        let mut sums = TableSums::new();
        let mut reported = 0u64;
        let mut tally = TallyThread::<RowTally>::spawn();
        for t in &tables {
            let dt = data_table(c, &live, t)?;
            let start = TableStart {
                table: t.clone(),
                columns: dt.columns.clone(),
            };
            let stream_digests = ctx.stream_digests();
            let columns = dt
                .columns
                .iter()
                .zip(&dt.charsets)
                .map(|(col, cs)| {
                    let digest = match (sha2_is_wire_text(&col.ty, cs.as_deref()), stream_digests) {
                        (false, _) => DigestIn::Nowhere,
                        (true, true) => DigestIn::Stream,
                        (true, false) => DigestIn::Artifact,
                    };
                    (col.name.clone(), digest)
                })
                .collect();
            let counted = ctx.counts("main", t);
            if counted {
                tally.start(RowTally {
                    tally: TableTally::new("main", t, columns),
                });
            }
            let mut writer = TableWriter::new(sink, &start)?;
            let observer = &mut *ctx.observer;
            read_rows(c, &live, &dt, &mut |b, n| {
                if counted {
                    tally.chunk(b, n);
                }
                writer.push(b, n)?;
                let done = writer.bytes();
                if done >= reported + CHUNK as u64 {
                    reported = done;
                    observer.on_event(&BackupEvent::Bytes {
                        done,
                        total: estimate.map(|e| e.max(done)),
                    });
                }
                Ok(())
            })?;
            sums.insert(t.clone(), writer.finish()?);
            if counted {
                tally.end_table();
            }
        }
        for stats in tally.finish() {
            ctx.record_stats(stats);
        }
        sink.write(FrameKind::PostSchema, &json(&post)?)
            .map_err(werr)?;
        exec(c, "COMMIT", "ending the snapshot")?;
        Ok(sums)
    }

    fn check(
        &self,
        source: &mut FrameSource<'_>,
        _ctx: &mut EngineContext<'_>,
    ) -> Result<TableSums, BackupError> {
        keel_backup::logical_sums(source)
    }

    fn column_digests(
        &self,
        source: &mut FrameSource<'_>,
        columns: &[(String, String, String)],
        _ctx: &mut EngineContext<'_>,
    ) -> Result<Vec<keel_backup::TableStats>, BackupError> {
        let open = |start: &keel_backup::TableStart| {
            let wanted = |c: &str| {
                columns
                    .iter()
                    .any(|(s, t, n)| s == "main" && *t == start.table && n == c)
            };
            if !start.columns.iter().any(|c| wanted(&c.name)) {
                return None;
            }
            let tally = start
                .columns
                .iter()
                .map(|c| {
                    // The frame keeps each column's type, not its character set; a column
                    // the stream could digest was marked `from_artifact`, and only those
                    // are asked for.
                    let digest = if wanted(&c.name) && sha2_is_wire_text(&c.ty, Some("utf8mb4")) {
                        DigestIn::Stream
                    } else {
                        DigestIn::Nowhere
                    };
                    (c.name.clone(), digest)
                })
                .collect();
            Some(RowTally {
                tally: TableTally::new("main", &start.table, tally),
            })
        };
        keel_backup::tally_tables(source, open, |t: &RowTally, chunk| {
            row_count(chunk, t.tally.width())
        })
    }

    fn restore(
        &self,
        conn: &mut dyn Connection,
        source: &mut FrameSource<'_>,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let mut own = open(conn)?;
        let c = own.raw();
        let live = current_db(c)?;
        lock_for_restore(c, &live)?;
        recover(c, &live)?;
        ctx.observer.on_event(&BackupEvent::Phase("load"));
        let (side, old) = create_side(c, &live)?;
        let loaded = (|| -> Result<Vec<String>, BackupError> {
            let mut reader = LogicalReader::new(source);
            let mut post = Vec::new();
            let mut infile = Infile::new();
            let mut max_packet = 1024 * 1024;
            if let Some(r) = text_rows(c, "SELECT @@max_allowed_packet")?.first() {
                max_packet = s(r, 0)
                    .parse::<usize>()
                    .unwrap_or(max_packet)
                    .min(16 * 1024 * 1024)
                    / 2;
            }
            while let Some(item) = reader.next_item()? {
                match item {
                    LogicalItem::Schema(sql) => {
                        let stmts: Vec<String> = serde_json::from_slice(&sql).map_err(|e| {
                            BackupError::Corrupt(format!(
                                "the schema frame is not a statement list: {e}"
                            ))
                        })?;
                        for stmt in stmts {
                            exec(c, &stmt, "recreating the tables in the side schema")?;
                        }
                    }
                    LogicalItem::PostSchema(sql) => {
                        post = serde_json::from_slice(&sql).map_err(|e| {
                            BackupError::Corrupt(format!(
                                "the post-schema frame is not a statement list: {e}"
                            ))
                        })?;
                    }
                    LogicalItem::Table(start) => {
                        load_table(c, &side, &start, &mut reader, max_packet, &mut infile)?;
                    }
                    LogicalItem::Rows(_) | LogicalItem::TableEnd(..) => {
                        return Err(BackupError::Corrupt("rows outside a table".into()))
                    }
                }
            }
            // Read the side schema back: its rows must hash exactly as the backup's did.
            let expected = reader.sums().clone();
            ctx.observer.on_event(&BackupEvent::Phase("check"));
            for (table, sum) in &expected {
                let dt = data_table(c, &side, table)?;
                let mut h = Sha256::new();
                let mut rows = 0;
                read_rows(c, &side, &dt, &mut |b, n| {
                    h.update(b);
                    rows += n;
                    Ok(())
                })?;
                let sha = hex::encode(h.finalize());
                if rows != sum.rows || sha != sum.sha256 {
                    return Err(BackupError::Engine(format!(
                        "table {table} reads back from the side schema as {rows} rows / {sha}, the backup says {} / {}",
                        sum.rows, sum.sha256
                    )));
                }
            }
            Ok(post)
        })();
        let post = match loaded {
            Ok(p) => p,
            Err(e) => {
                let _ = c.query_drop(format!("DROP DATABASE IF EXISTS {}", q(&side)));
                return Err(not_changed(e));
            }
        };
        ctx.observer.on_event(&BackupEvent::Phase("swap"));
        commit_side(c, &live, &side, &old, &post)
    }

    fn export_sql(
        &self,
        source: &mut FrameSource<'_>,
        out: &mut dyn Write,
        _ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        let werr = |e: std::io::Error| BackupError::io("cannot write the export", "<output>", e);
        let mut w = std::io::BufWriter::with_capacity(256 * 1024, out);
        writeln!(
            w,
            "-- A keel backup as plain SQL. Restore into an empty database with:\n\
             --   mariadb DATABASE < FILE   (or: mysql DATABASE < FILE)\n\
             SET NAMES utf8mb4;\nSET SESSION time_zone = '+00:00';\n\
             SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';\n\
             SET SESSION foreign_key_checks = 0;"
        )
        .map_err(werr)?;
        let mut reader = LogicalReader::new(source);
        let mut binary: Vec<bool> = Vec::new();
        let mut target = String::new();
        while let Some(item) = reader.next_item()? {
            match item {
                LogicalItem::Schema(sql) => {
                    let stmts: Vec<String> = serde_json::from_slice(&sql)
                        .map_err(|e| BackupError::Corrupt(format!("the schema frame: {e}")))?;
                    for stmt in stmts {
                        writeln!(w, "{stmt};").map_err(werr)?;
                    }
                }
                LogicalItem::PostSchema(sql) => {
                    let stmts: Vec<String> = serde_json::from_slice(&sql)
                        .map_err(|e| BackupError::Corrupt(format!("the post-schema frame: {e}")))?;
                    writeln!(w, "SET SESSION foreign_key_checks = 1;\nDELIMITER ;;")
                        .map_err(werr)?;
                    for stmt in stmts {
                        writeln!(w, "{stmt};;").map_err(werr)?;
                    }
                    writeln!(w, "DELIMITER ;").map_err(werr)?;
                }
                LogicalItem::Table(start) => {
                    binary = start
                        .columns
                        .iter()
                        .map(|c| crate::normalize::is_binary_type(&c.ty))
                        .collect();
                    let cols: Vec<String> = start.columns.iter().map(|c| q(&c.name)).collect();
                    target = format!(
                        "INSERT INTO {} ({}) VALUES ",
                        q(&start.table),
                        cols.join(", ")
                    );
                }
                LogicalItem::Rows(chunk) => {
                    let mut first = true;
                    let mut line = String::new();
                    decode_rows(&chunk, &binary, |values| {
                        if line.len() > 512 * 1024 {
                            let _ = writeln!(w, "{line};");
                            line.clear();
                            first = true;
                        }
                        if first {
                            line.push_str(&target);
                            first = false;
                        } else {
                            line.push(',');
                        }
                        line.push_str(&values);
                    })?;
                    if !line.is_empty() {
                        writeln!(w, "{line};").map_err(werr)?;
                    }
                }
                LogicalItem::TableEnd(..) => {}
            }
        }
        w.flush().map_err(werr)
    }

    fn restore_foreign(
        &self,
        conn: &mut dyn Connection,
        path: &Path,
        kind: ForeignKind,
        ctx: &mut EngineContext<'_>,
    ) -> Result<(), BackupError> {
        if kind == ForeignKind::SqliteFile {
            return Err(BackupError::Engine(format!(
                "{} is a SQLite file and cannot be restored into MySQL; nothing was changed",
                path.display()
            )));
        }
        let what = path.display().to_string();
        let mut dump = DumpReader::new(open_dump(path, kind)?, Dialect::Mysql, &what);
        let mut own = open(conn)?;
        let c = own.raw();
        let live = current_db(c)?;
        lock_for_restore(c, &live)?;
        recover(c, &live)?;
        ctx.observer.on_event(&BackupEvent::Phase("load"));
        let (side, old) = create_side(c, &live)?;
        let loaded = (|| -> Result<Vec<String>, BackupError> {
            let mut n = 0u64;
            while let Some(item) = dump.next_item()? {
                let DumpItem::Statement(sql) = item else {
                    continue;
                };
                n += 1;
                // The dump runs into the side schema: its own USE / CREATE DATABASE lines
                // (from --databases) must not send it elsewhere.
                let bare = strip_version_comment(&sql).to_ascii_uppercase();
                if bare.starts_with("USE ")
                    || bare.starts_with("CREATE DATABASE")
                    || bare.starts_with("DROP DATABASE")
                {
                    continue;
                }
                c.query_drop(&sql).map_err(|e| {
                    let short: String = sql.chars().take(200).collect();
                    my(&format!("{what}: statement {n} ({short})"), e)
                })?;
            }
            exec(c, &format!("USE {}", q(&side)), "selecting the side schema")?;
            let post = programmable(c, &side)?;
            for r in text_rows(
                c,
                &format!("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {}", lit(&side)),
            )? {
                exec(c, &format!("DROP TRIGGER {}.{}", q(&side), q(s(&r, 0))), "moving triggers")?;
            }
            Ok(post)
        })();
        let post = match loaded {
            Ok(p) => p,
            Err(e) => {
                let _ = c.query_drop(format!("DROP DATABASE IF EXISTS {}", q(&side)));
                return Err(not_changed(e));
            }
        };
        ctx.observer.on_event(&BackupEvent::Phase("swap"));
        commit_side(c, &live, &side, &old, &post)
    }
}

/// Loads one table's rows into the side schema: with `LOAD DATA LOCAL INFILE` a batch at a
/// time (see [`infile`]), or with multi-row `INSERT`s for a table without stored columns, a
/// chunk holding text that is not UTF-8, and every row once the server refused `LOAD DATA`.
/// Rows reach the server in the stream's order either way (a table without a primary key
/// reads back in insertion order).
fn load_table(
    c: &mut Conn,
    side: &str,
    start: &TableStart,
    reader: &mut LogicalReader<'_, '_>,
    max_packet: usize,
    infile: &mut Infile,
) -> Result<(), BackupError> {
    let binary: Vec<bool> = start
        .columns
        .iter()
        .map(|c| crate::normalize::is_binary_type(&c.ty))
        .collect();
    let mut inserts = Inserts::new(side, start, &binary, max_packet);
    // A row without columns would be an empty line, which LOAD DATA cannot tell from none.
    let load = if binary.is_empty() {
        None
    } else {
        let auto_increment = if binary.contains(&true) {
            text_rows(
                c,
                &format!(
                    "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {} \
                     AND TABLE_NAME = {} AND EXTRA LIKE '%auto_increment%'",
                    lit(side),
                    lit(&start.table)
                ),
            )?
            .first()
            .map(|r| s(r, 0).to_string())
        } else {
            None
        };
        Some(infile::load_statement(
            side,
            start,
            &binary,
            auto_increment.as_deref(),
        ))
    };
    let mut batch = Batch::default();
    let mut loaded = 0u64;
    loop {
        match reader.next_item()? {
            Some(LogicalItem::Rows(chunk)) => {
                if let Some(load) = load.as_deref().filter(|_| infile.usable()) {
                    if let Some(rows) = infile::encode_rows(&chunk, &binary, &mut batch.text)? {
                        loaded += rows;
                        batch.rows += rows;
                        batch.chunks.push(chunk);
                        if batch.text.len() >= infile::BATCH {
                            batch.load(c, infile, load, &mut inserts)?;
                        }
                        continue;
                    }
                    batch.load(c, infile, load, &mut inserts)?;
                    loaded += inserts.push(c, &chunk)?;
                    inserts.flush(c)?;
                } else {
                    loaded += inserts.push(c, &chunk)?;
                }
            }
            Some(LogicalItem::TableEnd(name, sum)) => {
                if let Some(load) = load.as_deref() {
                    batch.load(c, infile, load, &mut inserts)?;
                }
                inserts.flush(c)?;
                if loaded != sum.rows {
                    return Err(BackupError::Corrupt(format!(
                        "table {name}: {loaded} rows decoded, the backup says {}",
                        sum.rows
                    )));
                }
                return Ok(());
            }
            _ => {
                return Err(BackupError::Corrupt(format!(
                    "table {} is not closed by its table-end frame",
                    start.table
                )))
            }
        }
    }
}

/// Rows encoded for the next `LOAD DATA`, with the chunks they came from: if the server
/// refuses the statement, those chunks go as `INSERT`s instead.
#[derive(Default)]
struct Batch {
    text: Vec<u8>,
    rows: u64,
    chunks: Vec<Vec<u8>>,
}

impl Batch {
    fn load(
        &mut self,
        c: &mut Conn,
        infile: &mut Infile,
        statement: &str,
        inserts: &mut Inserts<'_>,
    ) -> Result<(), BackupError> {
        if self.rows == 0 {
            return Ok(());
        }
        let table = inserts.table;
        if let infile::Loaded::Disabled =
            infile.load(c, statement, &mut self.text, self.rows, table)?
        {
            for chunk in &self.chunks {
                inserts.push(c, chunk)?;
            }
        }
        self.rows = 0;
        self.chunks.clear();
        Ok(())
    }
}

/// Multi-row `INSERT` statements of one table, each kept under half `max_allowed_packet`.
struct Inserts<'t> {
    table: &'t str,
    binary: &'t [bool],
    target: String,
    stmt: String,
    max_packet: usize,
}

impl<'t> Inserts<'t> {
    fn new(side: &str, start: &'t TableStart, binary: &'t [bool], max_packet: usize) -> Self {
        let cols: Vec<String> = start.columns.iter().map(|c| q(&c.name)).collect();
        Self {
            table: &start.table,
            binary,
            target: format!(
                "INSERT INTO {}.{} ({}) VALUES ",
                q(side),
                q(&start.table),
                cols.join(", ")
            ),
            stmt: String::new(),
            max_packet,
        }
    }

    /// Adds a chunk's rows, sending full statements on the way; returns how many rows.
    fn push(&mut self, c: &mut Conn, chunk: &[u8]) -> Result<u64, BackupError> {
        let mut rows = Vec::new();
        decode_rows(chunk, self.binary, |values| rows.push(values))?;
        for values in &rows {
            if !self.stmt.is_empty() && self.stmt.len() + values.len() > self.max_packet {
                self.flush(c)?;
            }
            if self.stmt.is_empty() {
                self.stmt.push_str(&self.target);
            } else {
                self.stmt.push(',');
            }
            self.stmt.push_str(values);
        }
        Ok(rows.len() as u64)
    }

    fn flush(&mut self, c: &mut Conn) -> Result<(), BackupError> {
        if !self.stmt.is_empty() {
            c.query_drop(self.stmt.as_str())
                .map_err(|e| my(&format!("loading {}", self.table), e))?;
            self.stmt.clear();
        }
        Ok(())
    }
}

/// `/*!40101 SET … */` → `SET … */` (enough to recognise the statement's first word).
fn strip_version_comment(sql: &str) -> &str {
    let t = sql.trim_start();
    match t.strip_prefix("/*!") {
        Some(rest) => rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start(),
        None => t,
    }
}

fn not_changed(e: BackupError) -> BackupError {
    match e {
        BackupError::Engine(m) => BackupError::Engine(format!(
            "{m}; the side schema was dropped and the database was not changed"
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_decode_into_exact_literals() {
        let mut chunk = vec![0u8, 1];
        chunk.extend_from_slice(&5u32.to_le_bytes());
        chunk.extend_from_slice(b"it's\n");
        chunk.push(1);
        chunk.extend_from_slice(&2u32.to_le_bytes());
        chunk.extend_from_slice(&[0, 255]);
        let mut out = Vec::new();
        decode_rows(&chunk, &[false, false, true], |r| out.push(r)).unwrap();
        assert_eq!(out, vec!["(NULL,'it\\'s\\n',X'00FF')".to_string()]);
        assert!(decode_rows(&chunk[..4], &[false, false, true], |_| {}).is_err());
    }

    #[test]
    fn a_row_tally_counts_values_and_digests_only_where_the_wire_text_matches() {
        let mut chunk = Vec::new();
        for v in [None, Some(&b"it's"[..]), Some(&b"\x00"[..]), Some(&b""[..])] {
            match v {
                None => chunk.push(0),
                Some(b) => {
                    chunk.push(1);
                    chunk.extend_from_slice(&(b.len() as u32).to_le_bytes());
                    chunk.extend_from_slice(b);
                }
            }
        }
        let mut t = RowTally {
            tally: TableTally::new(
                "main",
                "t",
                vec![
                    ("a".into(), DigestIn::Stream),
                    ("b".into(), DigestIn::Nowhere),
                ],
            ),
        };
        t.feed(&chunk, 2);
        let s = t.finish();
        assert_eq!(s.rows, 2);
        assert_eq!(s.columns[0].values, 1, "{s:?}");
        assert_eq!(s.columns[1].values, 2, "{s:?}");
        let [a, b] = keel_backup::sha256_slices(b"\x00");
        assert_eq!(s.columns[0].digest, Some(vec![a, b]));
        assert_eq!(s.columns[1].digest, None);
        assert!(sha2_is_wire_text("varchar", Some("utf8mb4")));
        assert!(!sha2_is_wire_text("varchar", Some("latin1")));
        assert!(!sha2_is_wire_text("timestamp", None));
        assert!(sha2_is_wire_text("BLOB", None));
    }
}
