//! Introspection into keel's canonical schema model.
//!
//! Everything is read inside one savepoint (a single read transaction, so the catalog cannot
//! change half-way) from `sqlite_schema` and the table-valued pragmas only —
//! `pragma_table_list`, `pragma_table_xinfo`, `pragma_index_list`, `pragma_index_xinfo`,
//! `pragma_foreign_key_list` — never from the shell's `.schema` formatting. SQLite has no
//! session setting that changes what those return, so pinning the session means: schema
//! `main` named explicitly everywhere, every list sorted by us, every ORDER BY on data
//! `COLLATE BINARY`.
//!
//! The per-table pragmas make SQLite prepare one `PRAGMA` statement per table, which on large
//! schemas cost more than everything else together; so for ordinary tables [`textfacts`]
//! reads the same facts (columns, keys, indexes, foreign keys) from the stored CREATE text,
//! following SQLite's own rules, and leaves to the pragmas every table whose text it is not
//! certain about. Both routes give the same snapshot bytes (tested on tricky schemas).
//!
//! What the pragmas cannot say (constraint names, CHECK bodies, generated expressions,
//! `AUTOINCREMENT`, collations, `DEFERRABLE`, `MATCH`, conflict clauses, index expressions and
//! predicates) is recovered from the CREATE text by [`sqltext`]. Volatile facts are never
//! read: `sqlite_sequence` counters, `sqlite_stat*`, root pages, autoindex numbers.

mod sqltext;
mod textfacts;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use keel_driver::{Connection, DriverError, InspectOptions};
use keel_model::{
    Check, Column, DefaultValue, Deferral, ForeignKey, Generated, Identity, Index, IndexKind,
    IndexPart, PrimaryKey, Schema, Snapshot, SnapshotBuilder, SnapshotSink, Table, TableData,
    TableOptions, Trigger, Unsupported, View,
};
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use crate::connection::{map_err, SqliteConnection};
use sqltext::{
    lex, matching, parse_create_index_tokens, parse_create_table_tokens, parse_create_trigger,
    parse_create_view, quote, render, strip_parens, ConstraintKind, TableDef, Tok,
};

const SAVEPOINT: &str = "keel_inspect";

/// Tables are inspected this many at a time: every catalog query runs once per chunk and
/// each finished table goes to the sink and is dropped, so memory does not grow with the
/// number of tables while the number of queries stays small.
const CHUNK: usize = 256;

impl SqliteConnection {
    /// Reads the whole schema; see [`keel_driver::Connection::inspect`].
    pub(crate) fn inspect_schema(
        &mut self,
        options: &InspectOptions,
    ) -> Result<Snapshot, DriverError> {
        let mut builder = SnapshotBuilder::new();
        self.inspect_schema_into(options, &mut builder)?;
        builder
            .into_snapshot()
            .ok_or_else(|| DriverError::query("the inspector produced no snapshot", None))
    }

    /// Streams the schema into `sink`; see [`keel_driver::Connection::inspect_into`].
    pub(crate) fn inspect_schema_into(
        &mut self,
        options: &InspectOptions,
        sink: &mut dyn SnapshotSink,
    ) -> Result<(), DriverError> {
        let v = self.server().version;
        let version = format!("{}.{}", v.major, v.minor);
        let conn = self.raw();
        conn.execute_batch(&format!("SAVEPOINT {SAVEPOINT}"))
            .map_err(map_err)?;
        let result = Inspector::new(&*conn, options).and_then(|mut i| i.run(&version, sink));
        let end = match &result {
            Ok(_) => format!("RELEASE SAVEPOINT {SAVEPOINT}"),
            Err(_) => format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}; RELEASE SAVEPOINT {SAVEPOINT}"),
        };
        conn.execute_batch(&end).map_err(map_err)?;
        result
    }
}

fn write_err(source: std::io::Error) -> DriverError {
    DriverError::Write { source }
}

/// One row of `sqlite_schema`.
#[derive(Debug, Clone)]
struct Entry {
    kind: String,
    name: String,
    tbl_name: String,
    sql: Option<String>,
}

/// One row of `pragma_table_list`.
#[derive(Debug, Clone)]
struct TableListRow {
    name: String,
    kind: String,
    without_rowid: bool,
    strict: bool,
}

/// One row of `pragma_table_xinfo`, or the same facts read from the CREATE text.
#[derive(Debug, Clone, PartialEq)]
struct ColInfo {
    name: String,
    /// The declared type in its canonical spelling ([`canon_type`]).
    ty: String,
    notnull: bool,
    /// The default as written, as tokens.
    default: Option<Vec<Tok>>,
    pk: i64,
    hidden: i64,
}

/// One row of `pragma_index_list`.
#[derive(Debug, Clone, PartialEq)]
struct IndexListRow {
    name: String,
    unique: bool,
    origin: String,
}

/// One key row of `pragma_index_xinfo`.
#[derive(Debug, Clone, PartialEq)]
struct IndexCol {
    cid: i64,
    name: Option<String>,
    desc: bool,
    coll: String,
}

/// One row of `pragma_foreign_key_list`.
#[derive(Debug, Clone, PartialEq)]
struct FkRow {
    id: i64,
    table: String,
    from: String,
    to: Option<String>,
    on_update: String,
    on_delete: String,
}

struct Inspector<'a> {
    conn: &'a rusqlite::Connection,
    options: &'a InspectOptions,
    /// Views and triggers (their text is needed after the tables); tables and indexes are
    /// read a chunk at a time.
    entries: Vec<Entry>,
    tables: Vec<TableListRow>,
    /// Lower-case table name → the rowids of its `table` and `index` rows in `sqlite_schema` (those
    /// with text), so that each chunk reads its CREATE text by rowid instead of scanning the
    /// whole catalog once per chunk.
    schema_rows: HashMap<String, Vec<i64>>,
    /// Lower-case name → real name, for every table and view in `main`.
    names: HashMap<String, String>,
    /// The real names of the ordinary tables (the only ones whose pragmas are read: a
    /// virtual table's module may be missing).
    ordinary: HashSet<String>,
    /// Whether this file keeps `DESC` on index columns (legacy file formats 1–3 do not):
    /// unknown until a table read through the pragmas shows a descending column.
    desc_honoured: bool,
    /// Whether to read facts from the CREATE text at all (tests compare both routes).
    text_facts: bool,
    /// How many modelled tables were read through the pragmas.
    pragma_tables: usize,
    /// Lower-case names of every table, view and column: identifiers a view or trigger can
    /// use. Distinct column names only, so it stays small however many tables repeat them.
    known: HashSet<String>,
    /// The rest of this struct holds the current chunk only (plus the parents its foreign
    /// keys point to): (type, name) → CREATE text of its tables and their indexes, as
    /// tokens (each text is split once, then taken by the one reader that needs it).
    chunk_tokens: HashMap<(String, String), Vec<Tok>>,
    /// The columns of every table of the chunk.
    /// Shared, not copied: a table's columns are also read as a parent's.
    column_cache: HashMap<String, Rc<[ColInfo]>>,
    /// `pragma_index_list` of every table of the chunk, by table name.
    index_lists: HashMap<String, Vec<IndexListRow>>,
    /// The key columns of every index of the chunk, by index name.
    index_columns: HashMap<String, Vec<IndexCol>>,
    /// `pragma_foreign_key_list` of every table of the chunk, by table name.
    fk_lists: HashMap<String, Vec<FkRow>>,
    unsupported: Vec<Unsupported>,
}

impl<'a> Inspector<'a> {
    fn new(
        conn: &'a rusqlite::Connection,
        options: &'a InspectOptions,
    ) -> Result<Self, DriverError> {
        let entries = rows(
            conn,
            "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
             WHERE type IN ('view', 'trigger') ORDER BY type, name",
            &[],
            |r| {
                Ok(Entry {
                    kind: r.get(0)?,
                    name: r.get(1)?,
                    tbl_name: r.get(2)?,
                    sql: r.get(3)?,
                })
            },
        )?;
        let tables = rows(
            conn,
            "SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main' ORDER BY name",
            &[],
            |r| {
                Ok(TableListRow {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    without_rowid: r.get::<_, i64>(2)? != 0,
                    strict: r.get::<_, i64>(3)? != 0,
                })
            },
        )?;
        let mut schema_rows: HashMap<String, Vec<i64>> = HashMap::new();
        {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT tbl_name, rowid FROM main.sqlite_schema \
                     WHERE type IN ('table', 'index') AND sql IS NOT NULL",
                )
                .map_err(map_err)?;
            let mut q = stmt.query([]).map_err(map_err)?;
            while let Some(r) = q.next().map_err(map_err)? {
                let table: String = r.get(0).map_err(map_err)?;
                schema_rows
                    .entry(table.to_ascii_lowercase())
                    .or_default()
                    .push(r.get(1).map_err(map_err)?);
            }
        }
        let names: HashMap<String, String> = tables
            .iter()
            .map(|t| (t.name.to_ascii_lowercase(), t.name.clone()))
            .collect();
        let known = names.keys().cloned().collect();
        let ordinary = tables
            .iter()
            .filter(|t| t.kind == "table")
            .map(|t| t.name.clone())
            .collect();
        Ok(Self {
            conn,
            options,
            entries,
            tables,
            schema_rows,
            names,
            ordinary,
            desc_honoured: false,
            text_facts: true,
            pragma_tables: 0,
            known,
            chunk_tokens: HashMap::new(),
            column_cache: HashMap::new(),
            index_lists: HashMap::new(),
            index_columns: HashMap::new(),
            fk_lists: HashMap::new(),
            unsupported: Vec::new(),
        })
    }

    /// Reads everything the tables `chunk` need, replacing the previous chunk's. The facts
    /// the per-table pragmas report are read from the CREATE text where [`textfacts`] is
    /// certain to give the same (one scan of `sqlite_schema` per chunk); the other tables of
    /// the chunk go through the pragmas, a constant number of queries for all of them.
    fn load_chunk(&mut self, chunk: &[TableListRow]) -> Result<(), DriverError> {
        let conn = self.conn;
        let rowids: Vec<i64> = chunk
            .iter()
            .filter_map(|t| self.schema_rows.remove(&t.name.to_ascii_lowercase()))
            .flatten()
            .collect();
        let mut texts: Vec<(String, String, String, Option<String>)> = Vec::new();
        // A fixed number of parameters, so one prepared statement serves every batch (the
        // last one padded with a rowid that cannot exist).
        const BATCH: usize = 256;
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
                 WHERE type IN ('table', 'index') AND rowid IN ({})",
                placeholders(BATCH)
            ))
            .map_err(map_err)?;
        for batch in rowids.chunks(BATCH) {
            let params = batch
                .iter()
                .copied()
                .chain(std::iter::repeat(-1))
                .take(BATCH);
            let mut q = stmt
                .query(rusqlite::params_from_iter(params))
                .map_err(map_err)?;
            while let Some(r) = q.next().map_err(map_err)? {
                let row =
                    (|| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))().map_err(map_err)?;
                texts.push(row);
            }
        }
        drop(stmt);
        self.column_cache.clear();
        self.index_lists.clear();
        self.index_columns.clear();
        self.fk_lists.clear();
        let lexed: Vec<(String, String, String, Vec<Tok>)> = texts
            .into_iter()
            .filter_map(|(kind, name, tbl_name, sql)| {
                sql.map(|sql| (kind, name, tbl_name, lex(&sql)))
            })
            .collect();
        let mut table_texts: HashMap<&str, &[Tok]> = HashMap::new();
        let mut index_texts: HashMap<String, Vec<textfacts::IndexText<'_>>> = HashMap::new();
        for (kind, name, tbl_name, tokens) in &lexed {
            match kind.as_str() {
                "table" => {
                    table_texts.insert(name, tokens);
                }
                "index" => index_texts
                    .entry(tbl_name.to_ascii_lowercase())
                    .or_default()
                    .push(textfacts::IndexText { name, tokens }),
                _ => {}
            }
        }
        let mut fallback: Vec<&str> = Vec::new();
        for t in chunk {
            let text = table_texts.get(t.name.as_str()).filter(|_| self.text_facts);
            let facts = text.and_then(|tokens| {
                textfacts::table_facts(
                    &t.name,
                    t.without_rowid,
                    t.strict,
                    tokens,
                    index_texts
                        .get(&t.name.to_ascii_lowercase())
                        .map_or(&[], Vec::as_slice),
                    self.desc_honoured,
                )
            });
            let Some(facts) = facts else {
                fallback.push(&t.name);
                continue;
            };
            let mut list = Vec::with_capacity(facts.indexes.len());
            for (row, cols) in facts.indexes {
                self.index_columns.insert(row.name.clone(), cols);
                list.push(row);
            }
            self.index_lists.insert(t.name.clone(), list);
            if !facts.foreign_keys.is_empty() {
                self.fk_lists.insert(t.name.clone(), facts.foreign_keys);
            }
            self.column_cache
                .insert(t.name.clone(), Rc::from(facts.columns));
        }
        drop((table_texts, index_texts));
        self.chunk_tokens = lexed
            .into_iter()
            .map(|(kind, name, _, tokens)| ((kind, name), tokens))
            .collect();
        if !fallback.is_empty() {
            self.pragma_tables += fallback.len();
            self.load_pragmas(&fallback)?;
        }
        for cols in self.column_cache.values() {
            for c in cols.iter() {
                self.known.insert(c.name.to_ascii_lowercase());
            }
        }
        // The parents that foreign keys of this chunk point to outside it, in one query too.
        let parents: BTreeSet<String> = self
            .fk_lists
            .values()
            .flatten()
            .filter_map(|f| self.names.get(&f.table.to_ascii_lowercase()))
            .filter(|p| self.ordinary.contains(*p) && !self.column_cache.contains_key(*p))
            .cloned()
            .collect();
        if !parents.is_empty() {
            let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
            self.column_cache
                .extend(shared(table_columns(conn, &parents)?));
        }
        Ok(())
    }

    /// The pragmas' facts for the ordinary tables `names`: each table-valued pragma once
    /// for all of them, rows grouped here.
    fn load_pragmas(&mut self, names: &[&str]) -> Result<(), DriverError> {
        let conn = self.conn;
        let tables = values_cte(names.len());
        self.column_cache
            .extend(shared(table_columns(conn, names)?));
        self.index_lists.extend(grouped(
            conn,
            &format!(
                "{tables} SELECT t.name, i.name, i.\"unique\", i.origin \
                 FROM t JOIN pragma_index_list(t.name, 'main') i ORDER BY t.name, i.name"
            ),
            names,
            |r| {
                Ok(IndexListRow {
                    name: r.get(1)?,
                    unique: r.get::<_, i64>(2)? != 0,
                    origin: r.get(3)?,
                })
            },
        )?);
        let index_columns = grouped(
            conn,
            &format!(
                "{tables} SELECT i.name, x.cid, x.name, x.\"desc\", x.coll \
                 FROM t JOIN pragma_index_list(t.name, 'main') i \
                 JOIN pragma_index_xinfo(i.name, 'main') x \
                 WHERE x.key = 1 ORDER BY i.name, x.seqno"
            ),
            names,
            |r| {
                Ok(IndexCol {
                    cid: r.get(1)?,
                    name: r.get(2)?,
                    desc: r.get::<_, i64>(3)? != 0,
                    coll: r
                        .get::<_, Option<String>>(4)?
                        .unwrap_or_else(|| "BINARY".into()),
                })
            },
        )?;
        if index_columns.values().flatten().any(|c| c.desc) {
            // The file format is the database's: descending columns are kept everywhere.
            self.desc_honoured = true;
        }
        self.index_columns.extend(index_columns);
        self.fk_lists.extend(grouped(
            conn,
            &format!(
                "{tables} SELECT t.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, \
                 f.on_delete FROM t JOIN pragma_foreign_key_list(t.name, 'main') f \
                 ORDER BY t.name, f.id, f.seq"
            ),
            names,
            |r| {
                Ok(FkRow {
                    id: r.get(1)?,
                    table: r.get(2)?,
                    from: r.get(3)?,
                    to: r.get(4)?,
                    on_update: r.get(5)?,
                    on_delete: r.get(6)?,
                })
            },
        )?);
        Ok(())
    }

    fn excluded(&self, name: &str) -> bool {
        self.options
            .exclude
            .iter()
            .any(|e| e.eq_ignore_ascii_case(name))
    }

    fn internal(name: &str) -> bool {
        name.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("sqlite_"))
    }

    /// The real name of the table or view `name` (SQLite resolves names case-insensitively).
    fn real_name(&self, name: &str) -> String {
        self.names
            .get(&name.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The CREATE text of a table or index of the current chunk as tokens, taken (each is
    /// read once); else read on its own.
    fn tokens_of(&mut self, kind: &str, name: &str) -> Result<Vec<Tok>, DriverError> {
        if let Some(tokens) = self
            .chunk_tokens
            .remove(&(kind.to_string(), name.to_string()))
        {
            return Ok(tokens);
        }
        Ok(lex(&self.sql_of(kind, name)?.unwrap_or_default()))
    }

    /// The CREATE text of a table or index, read on its own (virtual tables, which are not
    /// chunked).
    fn sql_of(&self, kind: &str, name: &str) -> Result<Option<String>, DriverError> {
        Ok(rows(
            self.conn,
            "SELECT sql FROM main.sqlite_schema WHERE type = ?1 AND name = ?2",
            &[kind, name],
            |r| r.get::<_, Option<String>>(0),
        )?
        .into_iter()
        .next()
        .flatten())
    }

    fn unsupported(&mut self, object: String, kind: &str, reason: String) {
        self.unsupported.push(Unsupported {
            object,
            kind: kind.to_string(),
            reason,
        });
    }

    fn run(&mut self, version: &str, sink: &mut dyn SnapshotSink) -> Result<(), DriverError> {
        sink.begin(&Snapshot::new("sqlite", version))
            .map_err(write_err)?;
        sink.begin_schema("main").map_err(write_err)?;
        let mut schema = Schema::default();
        // Ordinary tables, in name order (`pragma_table_list` sorts with BINARY, which is
        // the byte order the snapshot's maps use).
        let mut modelled: Vec<TableListRow> = Vec::new();
        // Internal and excluded tables: not modelled, but their column names are identifiers a
        // view or trigger may use.
        let mut skipped: Vec<String> = Vec::new();
        let virtual_names: Vec<String> = self
            .tables
            .iter()
            .filter(|t| t.kind == "virtual")
            .map(|t| t.name.clone())
            .collect();
        for t in self.tables.clone() {
            if Self::internal(&t.name) || self.excluded(&t.name) {
                if t.kind == "table" {
                    skipped.push(t.name.clone());
                }
                continue;
            }
            match t.kind.as_str() {
                "table" => modelled.push(t),
                "view" => {} // from sqlite_schema below
                "virtual" => {
                    let sql = self.sql_of("table", &t.name)?.unwrap_or_default();
                    let text = render(&lex(&sql), &|_| false);
                    self.unsupported(
                        format!("main.{}", t.name),
                        "virtual table",
                        format!("{text}: virtual tables are not modelled"),
                    );
                }
                "shadow" => {
                    let owner = virtual_names
                        .iter()
                        .filter(|v| {
                            t.name
                                .get(..v.len())
                                .is_some_and(|p| p.eq_ignore_ascii_case(v))
                                && t.name.as_bytes().get(v.len()) == Some(&b'_')
                        })
                        .max_by_key(|v| v.len())
                        .cloned()
                        .unwrap_or_default();
                    self.unsupported(
                        format!("main.{}", t.name),
                        "shadow table",
                        format!("internal table of virtual table {owner}, managed by SQLite"),
                    );
                }
                other => {
                    self.unsupported(
                        format!("main.{}", t.name),
                        other,
                        "this kind of table is not modelled".into(),
                    );
                }
            }
        }
        for chunk in modelled.chunks(CHUNK) {
            self.load_chunk(chunk)?;
            for t in chunk {
                let table = self.table(t)?;
                sink.table(&t.name, table).map_err(write_err)?;
            }
        }
        self.chunk_tokens.clear();
        self.column_cache.clear();
        if !skipped.is_empty() {
            let names: Vec<&str> = skipped.iter().map(String::as_str).collect();
            for c in table_columns(self.conn, &names)?.into_values().flatten() {
                self.known.insert(c.name.to_ascii_lowercase());
            }
        }
        let modelled: HashSet<String> = modelled.into_iter().map(|t| t.name).collect();
        for e in std::mem::take(&mut self.entries) {
            let Some(sql) = e.sql.as_deref() else {
                continue;
            };
            match e.kind.as_str() {
                "view" if !self.excluded(&e.name) => {
                    let view = self.view(&e.name, sql);
                    schema.views.insert(e.name.clone(), view);
                }
                "trigger" => {
                    let table = self.real_name(&e.tbl_name);
                    if self.excluded(&table) {
                        continue;
                    }
                    let known = &self.known;
                    let def = parse_create_trigger(sql, &e.name, &table, &|s| {
                        known.contains(&s.to_ascii_lowercase())
                    });
                    schema.triggers.insert(
                        format!("{table}.{}", e.name),
                        Trigger {
                            table,
                            timing: def.timing,
                            events: vec![def.event],
                            for_each_row: true,
                            definition: def.definition,
                        },
                    );
                }
                _ => {}
            }
        }
        sink.end_schema(schema).map_err(write_err)?;
        let mut data = BTreeMap::new();
        let protect: BTreeSet<String> = self
            .options
            .protect
            .iter()
            .map(|p| self.real_name(p))
            .collect();
        for name in protect {
            if modelled.contains(&name) {
                data.insert(format!("main.{name}"), self.rows_of(&name)?);
            }
        }
        let unsupported = std::mem::take(&mut self.unsupported);
        sink.finish(data, unsupported).map_err(write_err)
    }

    fn columns(&self, table: &str) -> Result<Rc<[ColInfo]>, DriverError> {
        if let Some(cols) = self.column_cache.get(table) {
            return Ok(Rc::clone(cols));
        }
        rows(
            self.conn,
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden \
             FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
            &[table],
            |r| col_info(r, 0),
        )
        .map(Rc::from)
    }

    fn index_list(&mut self, table: &str) -> Vec<IndexListRow> {
        self.index_lists.remove(table).unwrap_or_default()
    }

    fn index_cols(&self, index: &str) -> Vec<IndexCol> {
        self.index_columns.get(index).cloned().unwrap_or_default()
    }

    fn fk_rows(&mut self, table: &str) -> Vec<FkRow> {
        self.fk_lists.remove(table).unwrap_or_default()
    }

    fn table(&mut self, t: &TableListRow) -> Result<Table, DriverError> {
        let name = t.name.as_str();
        let all = self.columns(name)?;
        let cols: Vec<&ColInfo> = all.iter().filter(|c| c.hidden != 1).collect();
        let def = parse_create_table_tokens(&self.tokens_of("table", name)?);
        let index_list = self.index_list(name);
        let pk_index = index_list.iter().find(|i| i.origin == "pk");
        let mut pk_cols: Vec<&ColInfo> = cols.iter().copied().filter(|c| c.pk > 0).collect();
        pk_cols.sort_by_key(|c| c.pk);
        // In a rowid table, a one-column primary key without its own index is the rowid.
        let rowid_alias = (!t.without_rowid && pk_cols.len() == 1 && pk_index.is_none())
            .then(|| pk_cols[0].name.clone());
        let col_names: HashSet<String> = cols.iter().map(|c| c.name.to_ascii_lowercase()).collect();
        let table_known = |s: &str| col_names.contains(&s.to_ascii_lowercase());
        let collation_of = |column: &str| -> String {
            def.column(column)
                .and_then(|c| c.collation.clone())
                .unwrap_or_else(|| "BINARY".into())
                .to_ascii_lowercase()
        };

        let mut table = Table::default();
        for c in &cols {
            let ty = c.ty.clone();
            let col_def = def.column(&c.name);
            let is_rowid = rowid_alias.as_deref() == Some(c.name.as_str());
            let generated = matches!(c.hidden, 2 | 3).then(|| Generated {
                expression: col_def
                    .and_then(|d| d.generated.as_deref())
                    .map(|e| render(strip_parens(e), &table_known))
                    .unwrap_or_default(),
                stored: c.hidden == 3,
            });
            let collation = Some(collation_of(&c.name)).filter(|s| s != "binary");
            table.columns.push(Column {
                name: c.name.clone(),
                default: c.default.as_deref().and_then(|d| classify_tokens(d, &ty)),
                // Rowid aliases and WITHOUT ROWID keys can never hold NULL.
                nullable: !(c.notnull || is_rowid || (t.without_rowid && c.pk > 0)),
                identity: is_rowid.then(|| Identity::Rowid {
                    autoincrement: col_def.is_some_and(|d| d.autoincrement),
                }),
                generated,
                collation,
                ty,
                ..Column::default()
            });
        }

        if !pk_cols.is_empty() {
            let pk_name = def.constraints.iter().find_map(|c| match c.kind {
                ConstraintKind::PrimaryKey => c.name.clone(),
                _ => None,
            });
            table.primary_key = Some(PrimaryKey {
                name: pk_name,
                columns: pk_cols.iter().map(|c| c.name.clone()).collect(),
            });
            if let Some(pk_index) = pk_index {
                let parts = self.index_cols(&pk_index.name);
                if parts.iter().any(|p| {
                    p.desc
                        || p.coll.to_ascii_lowercase()
                            != collation_of(p.name.as_deref().unwrap_or_default())
                }) {
                    let text = parts
                        .iter()
                        .map(|p| {
                            key_part_text(p.name.as_deref().unwrap_or_default(), &p.coll, p.desc)
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.unsupported(
                        format!("{name}.primary_key"),
                        "primary key order",
                        format!("PRIMARY KEY ({text}): the key's sort order and collations are not modelled, only its columns"),
                    );
                }
            }
        }

        // Indexes: CREATE INDEX ones by name, UNIQUE-constraint autoindexes by constraint name
        // or a hash of their body (autoindex numbers depend on declaration order).
        let mut used_unique = vec![false; def.constraints.len()];
        for ix in &index_list {
            let cols_of_ix = self.index_columns.remove(&ix.name).unwrap_or_default();
            match ix.origin.as_str() {
                "pk" => {}
                "u" => {
                    let parts: Vec<IndexPart> = cols_of_ix
                        .iter()
                        .map(|p| {
                            let column = p.name.clone().unwrap_or_else(|| "rowid".into());
                            let coll = p.coll.to_ascii_lowercase();
                            IndexPart {
                                collation: (coll != collation_of(&column)).then_some(coll),
                                column: Some(column),
                                descending: p.desc,
                                ..IndexPart::default()
                            }
                        })
                        .collect();
                    let wanted: Vec<String> = parts
                        .iter()
                        .map(|p| p.column.clone().unwrap_or_default().to_ascii_lowercase())
                        .collect();
                    let found = def.constraints.iter().enumerate().position(|(k, c)| {
                        !used_unique[k]
                            && matches!(&c.kind, ConstraintKind::Unique(kp)
                                if kp.iter().map(|p| p.column.to_ascii_lowercase()).collect::<Vec<_>>() == wanted)
                    });
                    let constraint_name = found.and_then(|k| {
                        used_unique[k] = true;
                        def.constraints[k].name.clone()
                    });
                    let body = format!(
                        "UNIQUE ({})",
                        parts.iter().map(part_text).collect::<Vec<_>>().join(", ")
                    );
                    let index = Index {
                        unique: true,
                        kind: IndexKind::UniqueConstraint,
                        parts,
                        implicit: true,
                        auto_named: constraint_name.is_none(),
                        ..Index::default()
                    };
                    insert_keyed(&mut table.indexes, constraint_name.as_deref(), &body, index);
                }
                _ => {
                    let text = parse_create_index_tokens(&self.tokens_of("index", &ix.name)?);
                    let parts = cols_of_ix
                        .iter()
                        .enumerate()
                        .map(|(k, p)| {
                            let coll = p.coll.to_ascii_lowercase();
                            let (column, expression, default_coll) = match (p.cid, &p.name) {
                                (-2, _) => {
                                    let expr = text
                                        .parts
                                        .get(k)
                                        .map(|e| render(strip_parens(&e.expr), &table_known))
                                        .unwrap_or_default();
                                    (None, Some(expr), "binary".to_string())
                                }
                                (_, Some(n)) => (Some(n.clone()), None, collation_of(n)),
                                _ => (Some("rowid".to_string()), None, "binary".to_string()),
                            };
                            IndexPart {
                                column,
                                expression,
                                descending: p.desc,
                                collation: (coll != default_coll).then_some(coll),
                                ..IndexPart::default()
                            }
                        })
                        .collect();
                    let index = Index {
                        unique: ix.unique,
                        parts,
                        predicate: text
                            .predicate
                            .as_deref()
                            .map(|p| render(strip_parens(p), &table_known)),
                        ..Index::default()
                    };
                    table.indexes.insert(ix.name.clone(), index);
                }
            }
        }

        self.foreign_keys(name, &cols, &def, &mut table)?;

        for c in &def.constraints {
            if let ConstraintKind::Check(expr) = &c.kind {
                let expression = render(strip_parens(expr), &table_known);
                let check = Check {
                    auto_named: c.name.is_none(),
                    expression: expression.clone(),
                    ..Check::default()
                };
                insert_keyed(
                    &mut table.checks,
                    c.name.as_deref(),
                    &format!("CHECK ({expression})"),
                    check,
                );
            }
            if let Some(res) = &c.on_conflict {
                let what = match &c.kind {
                    ConstraintKind::PrimaryKey => "PRIMARY KEY".to_string(),
                    ConstraintKind::Unique(p) => format!(
                        "UNIQUE ({})",
                        p.iter()
                            .map(|p| p.column.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    ConstraintKind::NotNull => {
                        format!("NOT NULL on {}", c.column.as_deref().unwrap_or_default())
                    }
                    ConstraintKind::Check(_) => "CHECK".to_string(),
                    ConstraintKind::ForeignKey(_) => "FOREIGN KEY".to_string(),
                };
                let object = c.name.as_deref().or(c.column.as_deref()).unwrap_or(&what);
                self.unsupported(
                    format!("{name}.{object}"),
                    "conflict clause",
                    format!("ON CONFLICT {res} of {what} is not modelled"),
                );
            }
        }

        table.options = TableOptions {
            strict: t.strict,
            without_rowid: t.without_rowid,
            ..TableOptions::default()
        };
        Ok(table)
    }

    fn foreign_keys(
        &mut self,
        name: &str,
        cols: &[&ColInfo],
        def: &TableDef,
        table: &mut Table,
    ) -> Result<(), DriverError> {
        let rows = self.fk_rows(name);
        let mut groups: BTreeMap<i64, Vec<FkRow>> = BTreeMap::new();
        for r in rows {
            groups.entry(r.id).or_default().push(r);
        }
        let real_col = |n: &str| -> String {
            cols.iter()
                .find(|c| c.name.eq_ignore_ascii_case(n))
                .map_or_else(|| n.to_string(), |c| c.name.clone())
        };
        let mut used = vec![false; def.constraints.len()];
        // SQLite lists foreign keys last-declared first: walk them in declaration order so
        // that duplicates pair with the text in the same order.
        for group in groups.into_values().rev() {
            let Some(first) = group.first() else { continue };
            let ref_table = self.real_name(&first.table);
            let from: Vec<String> = group.iter().map(|r| real_col(&r.from)).collect();
            let raw_to: Vec<Option<String>> = group.iter().map(|r| r.to.clone()).collect();
            let parent_cols = if self.names.contains_key(&ref_table.to_ascii_lowercase()) {
                self.columns(&ref_table)?
            } else {
                Rc::from(Vec::new())
            };
            let ref_columns: Vec<String> = if raw_to.iter().any(Option::is_none) {
                // `REFERENCES parent` without columns: the parent's primary key.
                let mut pk: Vec<&ColInfo> = parent_cols.iter().filter(|c| c.pk > 0).collect();
                pk.sort_by_key(|c| c.pk);
                pk.iter().map(|c| c.name.clone()).collect()
            } else {
                raw_to
                    .iter()
                    .flatten()
                    .map(|n| {
                        parent_cols
                            .iter()
                            .find(|c| c.name.eq_ignore_ascii_case(n))
                            .map_or_else(|| n.clone(), |c| c.name.clone())
                    })
                    .collect()
            };
            let text = def.constraints.iter().enumerate().position(|(k, c)| {
                !used[k]
                    && matches!(&c.kind, ConstraintKind::ForeignKey(fk)
                        if eq_names(&fk.columns, &from)
                            && fk.ref_table.eq_ignore_ascii_case(&ref_table)
                            && (fk.ref_columns.is_empty()
                                || eq_names(&fk.ref_columns, &raw_to.iter().flatten().cloned().collect::<Vec<_>>())))
            });
            let (fk_name, clause) = match text {
                Some(k) => {
                    used[k] = true;
                    match &def.constraints[k].kind {
                        ConstraintKind::ForeignKey(fk) => {
                            (def.constraints[k].name.clone(), Some(fk.clone()))
                        }
                        _ => (None, None),
                    }
                }
                None => (None, None),
            };
            let match_name = clause.as_ref().and_then(|c| c.match_name.clone());
            if let Some(m) = &match_name {
                if m != "FULL" && m != "SIMPLE" && m != "NONE" {
                    self.unsupported(
                        format!(
                            "{name}.{}",
                            fk_name.clone().unwrap_or_else(|| from.join(","))
                        ),
                        "foreign key match",
                        format!("MATCH {m} is not modelled (SQLite does not enforce it)"),
                    );
                }
            }
            let fk = ForeignKey {
                columns: from,
                ref_table,
                ref_columns,
                on_delete: action(&first.on_delete),
                on_update: action(&first.on_update),
                deferrable: clause.as_ref().and_then(|c| c.deferred).map(|d| {
                    if d {
                        Deferral::InitiallyDeferred
                    } else {
                        Deferral::InitiallyImmediate
                    }
                }),
                match_full: match_name.as_deref() == Some("FULL"),
                auto_named: fk_name.is_none(),
                ..ForeignKey::default()
            };
            let body = fk_body(&fk);
            insert_keyed(&mut table.foreign_keys, fk_name.as_deref(), &body, fk);
        }
        Ok(())
    }

    fn view(&mut self, name: &str, sql: &str) -> View {
        let def = parse_create_view(sql);
        if !def.columns.is_empty() {
            self.unsupported(
                format!("main.{name}"),
                "view column list",
                format!(
                    "the view's column list ({}) is not modelled",
                    def.columns.join(", ")
                ),
            );
        }
        let known = &self.known;
        View {
            definition: render(&def.query, &|s| known.contains(&s.to_ascii_lowercase())),
            ..View::default()
        }
    }

    /// The rows of `table`, sorted by primary key (then by every column, so ties and tables
    /// without a key still sort the same way every time), values as text.
    fn rows_of(&self, table: &str) -> Result<TableData, DriverError> {
        let cols = self.columns(table)?;
        let cols: Vec<&ColInfo> = cols.iter().filter(|c| c.hidden != 1).collect();
        let mut pk: Vec<&&ColInfo> = cols.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        let order: Vec<String> = pk
            .iter()
            .map(|c| c.name.as_str())
            .chain(cols.iter().map(|c| c.name.as_str()))
            .map(|n| format!("{} COLLATE BINARY", quote(n)))
            .collect();
        let list: Vec<String> = cols.iter().map(|c| quote(&c.name)).collect();
        let sql = format!(
            "SELECT {} FROM main.{} ORDER BY {}",
            list.join(", "),
            quote(table),
            order.join(", ")
        );
        let width = cols.len();
        let data_rows = rows(self.conn, &sql, &[], |r| {
            (0..width)
                .map(|i| r.get_ref(i).map(value_text))
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(TableData {
            columns: cols.iter().map(|c| c.name.clone()).collect(),
            rows: data_rows,
        })
    }
}

fn rows<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&str],
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, DriverError> {
    // Cached: the same few statements run once per table or index.
    let mut stmt = conn.prepare_cached(sql).map_err(map_err)?;
    let out = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), f)
        .map_err(map_err)?
        .collect::<Result<Vec<T>, _>>()
        .map_err(map_err)?;
    Ok(out)
}

/// `?1, ?2, …, ?n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns of the ordinary tables `names` of `main`, by table, in one query.
fn table_columns(
    conn: &rusqlite::Connection,
    names: &[&str],
) -> Result<HashMap<String, Vec<ColInfo>>, DriverError> {
    grouped(
        conn,
        &format!(
            "{} SELECT t.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden \
             FROM t JOIN pragma_table_xinfo(t.name, 'main') p ORDER BY t.name, p.cid",
            values_cte(names.len())
        ),
        names,
        |r| col_info(r, 1),
    )
}

/// Per-table column lists as shared slices.
fn shared(
    by_table: HashMap<String, Vec<ColInfo>>,
) -> impl Iterator<Item = (String, Rc<[ColInfo]>)> {
    by_table.into_iter().map(|(t, cols)| (t, Rc::from(cols)))
}

/// A `pragma_table_xinfo` row (name, type, notnull, dflt_value, pk, hidden from column
/// `at` on) as a [`ColInfo`].
fn col_info(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ColInfo> {
    Ok(ColInfo {
        name: r.get(at)?,
        ty: canon_type(&r.get::<_, Option<String>>(at + 1)?.unwrap_or_default()),
        notnull: r.get::<_, i64>(at + 2)? != 0,
        default: r.get::<_, Option<String>>(at + 3)?.map(|d| lex(&d)),
        pk: r.get(at + 4)?,
        hidden: r.get(at + 5)?,
    })
}

/// `WITH t(name) AS (VALUES (?1), …, (?n))`: the tables a pragma query covers. Driving the
/// pragmas from the names themselves (not from `pragma_table_list`, which lists every
/// table of the schema on each call) keeps a query's cost in proportion to its names; the
/// caller passes ordinary tables only.
fn values_cte(n: usize) -> String {
    let rows: Vec<String> = (1..=n).map(|i| format!("(?{i})")).collect();
    format!("WITH t(name) AS (VALUES {})", rows.join(", "))
}

/// The rows of a query whose first column is a table or index name, grouped by that name
/// (each group in the query's order).
fn grouped<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&str],
    mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<String, Vec<T>>, DriverError> {
    // Cached: the same statement runs for every full chunk.
    let mut stmt = conn.prepare_cached(sql).map_err(map_err)?;
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    let mut q = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .map_err(map_err)?;
    while let Some(r) = q.next().map_err(map_err)? {
        let key: String = r.get(0).map_err(map_err)?;
        let value = f(r).map_err(map_err)?;
        out.entry(key).or_default().push(value);
    }
    Ok(out)
}

/// A stored value as snapshot text: integers in decimal, reals in their shortest
/// round-trip form, text as is, blobs (and text that is not UTF-8) in lower-case hex.
fn value_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(format!("{f:?}")),
        ValueRef::Text(t) => Some(
            std::str::from_utf8(t)
                .map(str::to_string)
                .unwrap_or_else(|_| hex::encode(t)),
        ),
        ValueRef::Blob(b) => Some(hex::encode(b)),
    }
}

fn eq_names(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// An `ON DELETE`/`ON UPDATE` action, omitted when it is the default `NO ACTION`.
fn action(a: &str) -> Option<String> {
    let a = a.to_ascii_lowercase();
    (a != "no action" && !a.is_empty()).then_some(a)
}

/// `auto:<hash>` for an unnamed object: the first 12 hex digits of the SHA-256 of its
/// canonical body, so the key depends on what the object is, never on declaration order.
fn auto_key(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("auto:{}", &hex::encode(digest)[..12])
}

/// Inserts under `name`, or under the auto key of `body` when unnamed; a repeated key (two
/// identical unnamed constraints, or a reused name) gets `~2`, `~3`, ….
fn insert_keyed<T>(map: &mut BTreeMap<String, T>, name: Option<&str>, body: &str, value: T) {
    let base = name.map_or_else(|| auto_key(body), str::to_string);
    let mut key = base.clone();
    let mut n = 2;
    while map.contains_key(&key) {
        key = format!("{base}~{n}");
        n += 1;
    }
    map.insert(key, value);
}

fn key_part_text(column: &str, coll: &str, desc: bool) -> String {
    let mut s = sqltext::render_name(column);
    if !coll.eq_ignore_ascii_case("binary") {
        s.push_str(&format!(" COLLATE {}", coll.to_ascii_lowercase()));
    }
    if desc {
        s.push_str(" DESC");
    }
    s
}

fn part_text(p: &IndexPart) -> String {
    let mut s = p
        .column
        .as_deref()
        .map(sqltext::render_name)
        .or_else(|| p.expression.clone())
        .unwrap_or_default();
    if let Some(c) = &p.collation {
        s.push_str(&format!(" COLLATE {c}"));
    }
    if p.descending {
        s.push_str(" DESC");
    }
    s
}

/// The canonical text of a foreign key, for its auto key.
fn fk_body(fk: &ForeignKey) -> String {
    let names = |v: &[String]| {
        v.iter()
            .map(|s| sqltext::render_name(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut s = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        names(&fk.columns),
        sqltext::render_name(&fk.ref_table),
        names(&fk.ref_columns)
    );
    if let Some(a) = &fk.on_delete {
        s.push_str(&format!(" ON DELETE {}", a.to_ascii_uppercase()));
    }
    if let Some(a) = &fk.on_update {
        s.push_str(&format!(" ON UPDATE {}", a.to_ascii_uppercase()));
    }
    if fk.match_full {
        s.push_str(" MATCH FULL");
    }
    match fk.deferrable {
        Some(Deferral::InitiallyDeferred) => s.push_str(" DEFERRABLE INITIALLY DEFERRED"),
        Some(Deferral::InitiallyImmediate) => s.push_str(" DEFERRABLE INITIALLY IMMEDIATE"),
        None => {}
    }
    s
}

/// The canonical spelling of a declared type: lower case, single spaces between words, no
/// spaces around parentheses and commas (`VARCHAR( 10 )` → `varchar(10)`). SQLite keeps the
/// declared text and derives the affinity from it, so nothing else is changed.
fn canon_type(declared: &str) -> String {
    canon_type_tokens(&lex(declared))
}

/// [`canon_type`] of a declared type already split into tokens.
fn canon_type_tokens(tokens: &[Tok]) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    for t in tokens {
        let (text, word) = match &t {
            Tok::Word(w) => (w.to_ascii_lowercase(), true),
            Tok::Num(n) => (n.to_ascii_lowercase(), true),
            Tok::Ident(s) => (quote(s), true),
            Tok::Str(s) => (format!("'{}'", s.replace('\'', "''")), true),
            Tok::Blob(h) => (format!("x'{}'", h.to_ascii_lowercase()), true),
            Tok::Var(v) => (v.clone(), false),
            Tok::Op(o) => ((*o).to_string(), false),
        };
        if word && prev_word {
            out.push(' ');
        }
        out.push_str(&text);
        prev_word = word;
    }
    out
}

/// Classifies a column default (the text `pragma_table_xinfo` reports, as written).
#[cfg(test)]
fn classify_default(text: &str, column_type: &str) -> Option<DefaultValue> {
    classify_tokens(&lex(text), column_type)
}

fn classify_tokens(tokens: &[Tok], column_type: &str) -> Option<DefaultValue> {
    let tokens = strip_parens(tokens);
    let literal = |value: String| Some(DefaultValue::Literal { value });
    match tokens {
        [] => None,
        [t] if t.is_kw("NULL") => None,
        [t] if t.is_kw("CURRENT_TIMESTAMP") => {
            Some(DefaultValue::CurrentTimestamp { precision: None })
        }
        [t] if t.is_kw("TRUE") => literal("true".into()),
        [t] if t.is_kw("FALSE") => literal("false".into()),
        // A double-quoted default is a string to SQLite: no column can be in scope.
        [Tok::Str(s) | Tok::Ident(s)] => literal(s.clone()),
        [Tok::Num(n)] => literal(n.to_ascii_lowercase()),
        [Tok::Op(sign), Tok::Num(n)] if *sign == "+" => literal(n.to_ascii_lowercase()),
        [Tok::Op(sign), Tok::Num(n)] if *sign == "-" => {
            literal(format!("-{}", n.to_ascii_lowercase()))
        }
        [cast, open, .., close]
            if cast.is_kw("CAST")
                && open.is_op("(")
                && close.is_op(")")
                && matching(tokens, 1) == tokens.len() - 1 =>
        {
            let inner = &tokens[2..tokens.len() - 1];
            let as_at = inner.iter().rposition(|t| t.is_kw("AS"));
            match as_at {
                Some(k) if canon_type(&render(&inner[k + 1..], &|_| false)) == column_type => {
                    classify_tokens(&inner[..k], column_type)
                }
                _ => Some(DefaultValue::Expression {
                    sql: render(tokens, &|_| false),
                }),
            }
        }
        _ => Some(DefaultValue::Expression {
            sql: render(tokens, &|_| false),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_one_way() {
        assert_eq!(canon_type("  VARCHAR( 10 ,2 ) "), "varchar(10,2)");
        assert_eq!(canon_type("Unsigned   Big INT"), "unsigned big int");
        assert_eq!(canon_type(""), "");
    }

    #[test]
    fn defaults_are_classified() {
        let lit = |v: &str| Some(DefaultValue::Literal { value: v.into() });
        assert_eq!(classify_default("'a''b'", "text"), lit("a'b"));
        assert_eq!(classify_default("('a')", "text"), lit("a"));
        assert_eq!(classify_default("+1", "integer"), lit("1"));
        assert_eq!(classify_default("-1.5E3", "real"), lit("-1.5e3"));
        assert_eq!(classify_default("NULL", "text"), None);
        assert_eq!(classify_default("TRUE", "boolean"), lit("true"));
        assert_eq!(
            classify_default("CAST('7' AS INTEGER)", "integer"),
            lit("7")
        );
        assert_eq!(
            classify_default("current_timestamp", "datetime"),
            Some(DefaultValue::CurrentTimestamp { precision: None })
        );
        assert_eq!(
            classify_default("DATETIME('now', 'utc')", "datetime"),
            Some(DefaultValue::Expression {
                sql: "datetime('now', 'utc')".into()
            })
        );
        assert_eq!(
            classify_default("X'AB'", "blob"),
            Some(DefaultValue::Expression {
                sql: "x'ab'".into()
            })
        );
    }
}
