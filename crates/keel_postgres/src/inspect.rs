//! Introspection into keel's canonical schema model.
//!
//! Everything is read from the system catalogs (never from dump formatting), inside one
//! read-only `REPEATABLE READ` transaction so the whole read sees one state, with the session
//! pinned (`search_path = ''`, UTC, ISO dates, round-trippable floats) through `SET LOCAL`, so
//! the caller's settings come back by themselves when the transaction ends. The server renders
//! every expression (`pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`,
//! `pg_get_viewdef`, `pg_get_triggerdef`, `pg_get_functiondef`, `format_type`); keel only
//! normalises that text lexically (see [`crate::normalize`]). Whatever the model cannot hold
//! goes into [`Snapshot::unsupported`].

use std::collections::{BTreeMap, HashMap, HashSet};

use keel_driver::{Connection, DriverError, InspectOptions};
use keel_model::{
    Check, Column, Deferral, Domain, ForeignKey, Generated, Identity, Index, IndexKind, IndexPart,
    PrimaryKey, Routine, Schema, Sequence, Snapshot, SnapshotBuilder, SnapshotSink, Table,
    TableData, TableOptions, Trigger, Unsupported, View,
};
use postgres::SimpleQueryMessage;

use crate::connection::PostgresConnection;
use crate::naming::{addition, is_generated};
use crate::normalize::{classify_default, definition, expression, quote_ident, strip_schema};

/// The session settings every read runs under (`SET LOCAL`: undone when the read ends). JIT is
/// off: compiling the catalog queries cost more than running them (seconds at 2,000 tables).
const PIN_SESSION: &str = "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; \
     SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; \
     SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'; \
     SET LOCAL lc_monetary = 'C'; SET LOCAL jit = off";

/// Tables are inspected this many at a time: the per-table catalog queries (columns,
/// constraints, indexes) run once per chunk, filtered to its tables, and each finished table
/// goes to the sink and is dropped, so memory does not grow with the number of tables. Larger
/// than SQLite's and MySQL's because each chunk costs five queries the server plans anew
/// (about 50 ms on the benchmark machine): 256 made 2,000 tables 40 % slower than one pass.
const CHUNK: usize = 512;

/// The namespaces keel never models.
fn user_namespace(alias: &str) -> String {
    format!(
        "{alias}.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND {alias}.nspname !~ '^pg_toast' AND {alias}.nspname !~ '^pg_temp_'"
    )
}

/// Excludes objects that belong to an extension (they come back with `CREATE EXTENSION`).
fn not_extension_member(catalog: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '{catalog}'::regclass \
         AND x.objid = {oid} AND x.deptype = 'e')"
    )
}

/// One result row, every value as the server's text.
struct TextRow(Vec<Option<String>>);

impl TextRow {
    fn s(&self, i: usize) -> &str {
        self.0.get(i).and_then(|v| v.as_deref()).unwrap_or("")
    }

    fn opt(&self, i: usize) -> Option<String> {
        self.0
            .get(i)
            .and_then(Clone::clone)
            .filter(|v| !v.is_empty())
    }

    fn b(&self, i: usize) -> bool {
        self.s(i) == "t"
    }

    fn n(&self, i: usize) -> i64 {
        self.s(i).parse().unwrap_or(0)
    }
}

impl PostgresConnection {
    /// Reads the schema; see [`keel_driver::Connection::inspect`].
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
        // Inside the caller's transaction a savepoint scopes the pinned settings; otherwise a
        // read-only repeatable-read transaction of our own does.
        let nested = match self.raw().simple_query("SAVEPOINT keel_inspect") {
            Ok(_) => true,
            Err(e) if e.code().map(|c| c.code()) == Some("25P01") => false,
            Err(e) => return Err(self.map_err(e)),
        };
        if !nested {
            self.execute("BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ")?;
        }
        let result = self
            .execute(PIN_SESSION)
            .and_then(|_| Inspector::new(self, options).run(sink));
        let end = if nested {
            "ROLLBACK TO SAVEPOINT keel_inspect; RELEASE SAVEPOINT keel_inspect"
        } else {
            "ROLLBACK"
        };
        let ended = self.execute(end);
        result?;
        ended?;
        Ok(())
    }

    fn text_rows(&mut self, sql: &str) -> Result<Vec<TextRow>, DriverError> {
        let messages = self.raw().simple_query(sql).map_err(|e| self.map_err(e))?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                SimpleQueryMessage::Row(row) => Some(TextRow(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                )),
                _ => None,
            })
            .collect())
    }
}

/// What a relation became in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelKind {
    Table,
    View,
}

/// A modelled table or view.
struct Rel {
    schema: String,
    quoted_schema: String,
    name: String,
    kind: RelKind,
}

/// A modelled column, with what later steps need to know about it.
struct ColMeta {
    name: String,
    collatable: bool,
    bytea: bool,
}

/// A constraint that owns an index (primary key, unique, exclusion).
struct IndexConstraint {
    contype: String,
    deferrable: Option<Deferral>,
    comment: Option<String>,
}

struct Inspector<'c> {
    conn: &'c mut PostgresConnection,
    options: &'c InspectOptions,
    major: u32,
    snapshot: Snapshot,
    /// Schema name → `quote_ident` of it.
    schemas: BTreeMap<String, String>,
    /// Every relation of a user schema, modelled or not: oid → (schema, name).
    all_rels: HashMap<String, (String, String)>,
    /// Excluded tables (history tables): oid.
    excluded: HashSet<String>,
    /// Modelled relations by oid.
    rels: HashMap<String, Rel>,
    tables: HashMap<String, Table>,
    views: HashMap<String, View>,
    columns: HashMap<String, Vec<ColMeta>>,
    /// (table oid, column) → (sequence as `regclass` prints it, its schema, its name).
    owned_sequences: HashMap<(String, String), (String, String, String)>,
    /// Index oid → the constraint it implements.
    index_constraints: HashMap<String, IndexConstraint>,
    /// Constraint oid → (conkey names, confkey names).
    constraint_columns: HashMap<String, (Vec<String>, Vec<String>)>,
}

impl<'c> Inspector<'c> {
    fn new(conn: &'c mut PostgresConnection, options: &'c InspectOptions) -> Self {
        let version = conn.server().version;
        Self {
            conn,
            options,
            major: version.major,
            snapshot: Snapshot::new("postgres", &format!("{}.{}", version.major, version.minor)),
            schemas: BTreeMap::new(),
            all_rels: HashMap::new(),
            excluded: HashSet::new(),
            rels: HashMap::new(),
            tables: HashMap::new(),
            views: HashMap::new(),
            columns: HashMap::new(),
            owned_sequences: HashMap::new(),
            index_constraints: HashMap::new(),
            constraint_columns: HashMap::new(),
        }
    }

    fn rows(&mut self, sql: &str) -> Result<Vec<TextRow>, DriverError> {
        self.conn.text_rows(sql)
    }

    fn unsupported(&mut self, object: String, kind: &str, reason: String) {
        self.snapshot.unsupported.push(Unsupported {
            object,
            kind: kind.to_string(),
            reason,
        });
    }

    /// Reads everything schema-wide first (relations' names and options, sequences, views,
    /// triggers, routines, types: small next to the tables' details), then streams each
    /// schema's tables a chunk at a time.
    fn run(mut self, sink: &mut dyn SnapshotSink) -> Result<(), DriverError> {
        self.read_schemas()?;
        self.read_relations()?;
        self.read_sequences()?;
        let views: Vec<String> = self
            .rels
            .iter()
            .filter(|(_, r)| r.kind == RelKind::View)
            .map(|(oid, _)| oid.clone())
            .collect();
        if !views.is_empty() {
            self.read_details(&views)?;
        }
        self.read_triggers()?;
        self.read_routines()?;
        self.read_types()?;
        self.read_extensions()?;
        self.read_other_objects()?;
        self.assemble_views();

        // Only the header fields are read from it; the schemas follow one by one below.
        sink.begin(&self.snapshot).map_err(write_err)?;
        let mut tables: Vec<(String, String, String)> = self
            .rels
            .iter()
            .filter(|(_, r)| r.kind == RelKind::Table)
            .map(|(oid, r)| (r.schema.clone(), r.name.clone(), oid.clone()))
            .collect();
        tables.sort();
        for (schema, rest) in std::mem::take(&mut self.snapshot.schemas) {
            sink.begin_schema(&schema).map_err(write_err)?;
            let mine: Vec<&(String, String, String)> =
                tables.iter().filter(|t| t.0 == schema).collect();
            for chunk in mine.chunks(CHUNK) {
                let oids: Vec<String> = chunk.iter().map(|t| t.2.clone()).collect();
                self.read_details(&oids)?;
                self.read_data(&oids)?;
                for (_, name, oid) in chunk {
                    if let Some(table) = self.tables.remove(oid) {
                        sink.table(name, table).map_err(write_err)?;
                    }
                }
                self.columns.clear();
                self.constraint_columns.clear();
                self.index_constraints.clear();
            }
            sink.end_schema(rest).map_err(write_err)?;
        }
        let data = std::mem::take(&mut self.snapshot.data);
        let unsupported = std::mem::take(&mut self.snapshot.unsupported);
        sink.finish(data, unsupported).map_err(write_err)
    }

    /// Columns, constraints and indexes of the relations `oids` (one query each).
    fn read_details(&mut self, oids: &[String]) -> Result<(), DriverError> {
        // Oids are the server's own digits, so the literal needs no escaping. The queries
        // repeat the filter on every catalog joined by relation oid: the planner does not
        // carry `= ANY(…)` across a join, and without it scans all of `pg_attribute` per chunk.
        let only = format!("'{{{}}}'::oid[]", oids.join(","));
        self.read_columns(&only)?;
        self.read_constraint_columns(&only)?;
        self.read_constraints(&only)?;
        self.read_indexes(&only)
    }

    fn is_excluded(&self, schema: &str, name: &str) -> bool {
        let qualified = format!("{schema}.{name}");
        self.options
            .exclude
            .iter()
            .any(|e| e == name || *e == qualified)
    }

    /// `name`, qualified with `schema` unless that is `own`.
    fn qualified(schema: &str, own: &str, name: &str) -> String {
        if schema == own {
            name.to_string()
        } else {
            format!("{schema}.{name}")
        }
    }

    fn read_schemas(&mut self) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT n.nspname, quote_ident(n.nspname), obj_description(n.oid, 'pg_namespace') \
             FROM pg_namespace n WHERE {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_namespace", "n.oid")
        );
        for row in self.rows(&sql)? {
            let name = row.s(0).to_string();
            self.schemas.insert(name.clone(), row.s(1).to_string());
            self.snapshot.schema_mut(&name).comment = row.opt(2);
        }
        Ok(())
    }

    fn read_relations(&mut self) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition, \
               c.relrowsecurity, c.relforcerowsecurity, \
               (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(c.reloptions) AS o WHERE o !~ '^pg_'), \
               obj_description(c.oid, 'pg_class'), \
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, \
               (SELECT string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno) \
                  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent \
                  JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid), \
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, \
               t.spcname, c.reloftype <> 0, c.relreplident, \
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END, \
               (SELECT amname FROM pg_am WHERE oid = c.relam AND amname <> 'heap') \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace \
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'S') AND {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_class", "c.oid")
        );
        for row in self.rows(&sql)? {
            let (oid, schema, name, relkind) = (
                row.s(0).to_string(),
                row.s(1).to_string(),
                row.s(2).to_string(),
                row.s(3).to_string(),
            );
            let Some(quoted_schema) = self.schemas.get(&schema).cloned() else {
                continue;
            };
            self.all_rels
                .insert(oid.clone(), (schema.clone(), name.clone()));
            if relkind == "S" {
                continue;
            }
            let object = format!("{schema}.{name}");
            if matches!(relkind.as_str(), "r" | "p") && self.is_excluded(&schema, &name) {
                self.excluded.insert(oid);
                continue;
            }
            match relkind.as_str() {
                "f" => {
                    self.unsupported(
                        object,
                        "foreign table",
                        "foreign tables are not modelled".into(),
                    );
                    continue;
                }
                "c" => {
                    self.unsupported(
                        object,
                        "composite type",
                        "composite types are not modelled".into(),
                    );
                    continue;
                }
                _ => {}
            }
            if row.b(5) {
                let parent = row.opt(11).unwrap_or_default();
                let bound = row.opt(12).unwrap_or_default();
                self.unsupported(
                    object,
                    "partition",
                    format!("partition of {parent} ({bound}); keel models the partitioned table {parent} only"),
                );
                continue;
            }
            if let Some(parents) = row.opt(11) {
                self.unsupported(
                    object.clone(),
                    "inheritance",
                    format!("INHERITS ({parents}) is not modelled; the inherited columns and checks are recorded as the table's own"),
                );
            }
            if row.b(6) || row.b(7) {
                let force = if row.b(7) { " (FORCE)" } else { "" };
                self.unsupported(
                    object.clone(),
                    "row level security",
                    format!("ROW LEVEL SECURITY enabled{force} is not modelled"),
                );
            }
            if let Some(space) = row.opt(13) {
                self.unsupported(
                    object.clone(),
                    "tablespace",
                    format!("TABLESPACE {space} is not modelled"),
                );
            }
            if let Some(method) = row.opt(17) {
                self.unsupported(
                    object.clone(),
                    "access method",
                    format!("USING {method} is not modelled"),
                );
            }
            if row.b(14) {
                self.unsupported(
                    object.clone(),
                    "typed table",
                    "CREATE TABLE … OF type is not modelled".into(),
                );
            }
            let mut reloptions: Vec<String> = row
                .opt(8)
                .map(|o| o.split(", ").map(str::to_string).collect())
                .unwrap_or_default();
            let (kind, comment) = (row.s(3).to_string(), row.opt(9));
            let rel_kind = match kind.as_str() {
                "r" | "p" => {
                    let replident = row.s(15);
                    if replident != "d" {
                        let what = match replident {
                            "n" => "NOTHING",
                            "f" => "FULL",
                            _ => "USING INDEX",
                        };
                        self.unsupported(
                            object.clone(),
                            "replica identity",
                            format!("REPLICA IDENTITY {what} is not modelled"),
                        );
                    }
                    let table = Table {
                        options: TableOptions {
                            unlogged: row.s(4) == "u",
                            partition_by: row.opt(10).map(|p| strip_schema(&p, &quoted_schema)),
                            ..TableOptions::default()
                        },
                        comment,
                        ..Table::default()
                    };
                    self.tables.insert(oid.clone(), table);
                    RelKind::Table
                }
                _ => {
                    let mut check_option = None;
                    reloptions.retain(|o| match o.strip_prefix("check_option=") {
                        Some(v) => {
                            check_option = Some(v.to_string());
                            false
                        }
                        None => true,
                    });
                    let view = View {
                        definition: definition(row.s(16), &quoted_schema),
                        materialized: kind == "m",
                        check_option,
                        comment,
                        ..View::default()
                    };
                    self.views.insert(oid.clone(), view);
                    RelKind::View
                }
            };
            if !reloptions.is_empty() {
                self.unsupported(
                    object,
                    "storage parameters",
                    format!("WITH ({}) is not modelled", reloptions.join(", ")),
                );
            }
            self.rels.insert(
                oid,
                Rel {
                    schema,
                    quoted_schema,
                    name,
                    kind: rel_kind,
                },
            );
        }
        Ok(())
    }

    fn read_sequences(&mut self) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT c.oid, n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname), \
               format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, \
               s.seqcache, s.seqcycle, d.refobjid, a.attname, obj_description(c.oid, 'pg_class'), \
               c.relpersistence = 'u' \
             FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
               AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') \
             LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
             WHERE {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_class", "c.oid")
        );
        for row in self.rows(&sql)? {
            let schema = row.s(1).to_string();
            if !self.schemas.contains_key(&schema) {
                continue;
            }
            let name = row.s(2).to_string();
            let owner = row.opt(11);
            if owner.as_ref().is_some_and(|o| self.excluded.contains(o)) {
                continue;
            }
            let owned_by = match (&owner, row.opt(12)) {
                (Some(owner), Some(column)) => self.all_rels.get(owner).map(|(s, t)| {
                    (
                        owner.clone(),
                        column.clone(),
                        format!("{}.{column}", Self::qualified(s, &schema, t)),
                    )
                }),
                _ => None,
            };
            if let Some((owner, column, _)) = &owned_by {
                self.owned_sequences.insert(
                    (owner.clone(), column.clone()),
                    (row.s(3).to_string(), schema.clone(), name.clone()),
                );
            }
            if let Some(comment) = row.opt(13) {
                self.unsupported(
                    format!("{schema}.{name}"),
                    "comment",
                    format!("comment on sequence is not modelled: {comment}"),
                );
            }
            if row.b(14) {
                self.unsupported(
                    format!("{schema}.{name}"),
                    "unlogged sequence",
                    "UNLOGGED sequences are not modelled".into(),
                );
            }
            let sequence = Sequence {
                ty: row.s(4).to_string(),
                start: row.n(5),
                increment: row.n(6),
                min: row.n(7),
                max: row.n(8),
                cache: row.n(9),
                cycle: row.b(10),
                owned_by: owned_by.map(|(_, _, o)| o),
            };
            self.snapshot
                .schema_mut(&schema)
                .sequences
                .insert(name, sequence);
        }
        Ok(())
    }

    /// Columns in physical order. Option keys starting with `pg_` are the server's own
    /// bookkeeping (some builds stamp one on every column), not schema: they are skipped.
    fn read_columns(&mut self, only: &str) -> Result<(), DriverError> {
        let compression = if self.major >= 14 {
            "a.attcompression::text"
        } else {
            "''"
        };
        let sql = format!(
            "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, \
               CASE WHEN a.attcollation <> t.typcollation THEN \
                 (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname \
                              ELSE cn.nspname || '.' || co.collname END \
                    FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace \
                   WHERE co.oid = a.attcollation) END, \
               cd.description, t.typcollation <> 0, a.atttypid = 'bytea'::regtype, \
               coalesce(a.attstattarget, -1), a.attstorage <> t.typstorage, \
               (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(a.attoptions) AS o \
                 WHERE o !~ '^pg_'), {compression}, \
               CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             LEFT JOIN pg_description cd ON cd.objoid = a.attrelid \
               AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum \
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND {} \
               AND a.attrelid = ANY({only}) AND c.oid = ANY({only}) \
             ORDER BY a.attrelid, a.attnum",
            user_namespace("n")
        );
        for row in self.rows(&sql)? {
            let oid = row.s(0).to_string();
            let Some(rel) = self.rels.get(&oid) else {
                continue;
            };
            let (schema, qs, rel_name, kind) = (
                rel.schema.clone(),
                rel.quoted_schema.clone(),
                rel.name.clone(),
                rel.kind,
            );
            let name = row.s(1).to_string();
            let object = format!("{schema}.{rel_name}.{name}");
            let ty = strip_schema(row.s(2), &qs);
            let mut column = Column {
                name: name.clone(),
                ty: ty.clone(),
                nullable: !row.b(3),
                collation: row.opt(7).map(|c| strip_schema(&c, &qs)),
                comment: row.opt(8),
                ..Column::default()
            };
            match row.s(5) {
                "a" => column.identity = Some(Identity::Identity { always: true }),
                "d" => column.identity = Some(Identity::Identity { always: false }),
                _ => {}
            }
            if let Some(raw) = row.opt(4) {
                if row.s(6) == "s" {
                    column.generated = Some(Generated {
                        expression: expression(&raw, &qs),
                        stored: true,
                    });
                } else if let Some(sequence) = self.serial_sequence(&oid, &name, &raw, &schema) {
                    column.identity = Some(Identity::Serial { sequence });
                } else {
                    column.default = classify_default(&raw, &ty, &qs);
                }
            }
            let mut tuning = Vec::new();
            if row.n(11) >= 0 {
                tuning.push(format!("SET STATISTICS {}", row.s(11)));
            }
            if row.b(12) {
                tuning.push(format!("SET STORAGE {}", storage_name(row.s(16))));
            }
            if let Some(options) = row.opt(13) {
                tuning.push(format!("SET ({options})"));
            }
            if let Some(method) = row.opt(14).filter(|m| m != "\0") {
                tuning.push(format!("SET COMPRESSION {}", compression_name(&method)));
            }
            if !tuning.is_empty() {
                self.unsupported(
                    object.clone(),
                    "column storage",
                    format!("ALTER COLUMN {} is not modelled", tuning.join(", ")),
                );
            }
            self.columns.entry(oid.clone()).or_default().push(ColMeta {
                name: name.clone(),
                collatable: row.b(9),
                bytea: row.b(10),
            });
            match kind {
                RelKind::Table => {
                    if let Some(t) = self.tables.get_mut(&oid) {
                        t.columns.push(column);
                    }
                }
                RelKind::View => {
                    if let Some(comment) = column.comment {
                        self.unsupported(
                            object.clone(),
                            "comment",
                            format!("comment on a view column is not modelled: {comment}"),
                        );
                    }
                    if column.default.is_some() {
                        self.unsupported(
                            object,
                            "view column default",
                            format!("ALTER VIEW … ALTER COLUMN {name} SET DEFAULT is not modelled"),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// The sequence of a `serial` column: a `nextval` default on a sequence the column owns.
    fn serial_sequence(
        &self,
        table: &str,
        column: &str,
        raw: &str,
        schema: &str,
    ) -> Option<String> {
        let (regclass, seq_schema, name) = self
            .owned_sequences
            .get(&(table.to_string(), column.to_string()))?;
        let quoted = regclass.replace('\'', "''");
        if raw.trim() != format!("nextval('{quoted}'::regclass)") {
            return None;
        }
        Some(Self::qualified(seq_schema, schema, name))
    }

    fn read_constraint_columns(&mut self, only: &str) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT k.oid, 'k', x.ord, a.attname FROM pg_constraint k \
               JOIN pg_namespace n ON n.oid = k.connamespace \
               CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS x(attnum, ord) \
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum \
                 AND a.attrelid = ANY({only}) \
               WHERE k.conrelid = ANY({only}) AND {ns} \
             UNION ALL \
             SELECT k.oid, 'f', x.ord, a.attname FROM pg_constraint k \
               JOIN pg_namespace n ON n.oid = k.connamespace \
               CROSS JOIN LATERAL unnest(k.confkey) WITH ORDINALITY AS x(attnum, ord) \
               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum \
               WHERE k.contype = 'f' AND k.conrelid = ANY({only}) AND {ns} \
             ORDER BY 1, 2, 3",
            ns = user_namespace("n")
        );
        for row in self.rows(&sql)? {
            let entry = self
                .constraint_columns
                .entry(row.s(0).to_string())
                .or_default();
            if row.s(1) == "k" {
                entry.0.push(row.s(3).to_string());
            } else {
                entry.1.push(row.s(3).to_string());
            }
        }
        Ok(())
    }

    fn read_constraints(&mut self, only: &str) -> Result<(), DriverError> {
        let set_columns = if self.major >= 15 {
            "k.confdelsetcols IS NOT NULL"
        } else {
            "false"
        };
        let sql = format!(
            "SELECT k.oid, k.conrelid, k.contypid, k.conname, k.contype, k.condeferrable, \
               k.condeferred, k.convalidated, k.connoinherit, k.conindid, \
               pg_get_constraintdef(k.oid), rn.nspname, rc.relname, k.confupdtype, \
               k.confdeltype, k.confmatchtype, obj_description(k.oid, 'pg_constraint'), \
               k.conparentid, {set_columns}, n.nspname, k.conislocal \
             FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace \
             LEFT JOIN pg_class rc ON rc.oid = k.confrelid \
             LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
             WHERE k.conrelid = ANY({only}) AND {}",
            user_namespace("n")
        );
        for row in self.rows(&sql)? {
            let rel_oid = row.s(1).to_string();
            let Some(rel) = self.rels.get(&rel_oid) else {
                continue;
            };
            if rel.kind != RelKind::Table {
                continue;
            }
            let (schema, qs, table_name) = (
                rel.schema.clone(),
                rel.quoted_schema.clone(),
                rel.name.clone(),
            );
            let name = row.s(3).to_string();
            let contype = row.s(4).to_string();
            let object = format!("{schema}.{table_name}.{name}");
            let deferrable = match (row.b(5), row.b(6)) {
                (false, _) => None,
                (true, false) => Some(Deferral::InitiallyImmediate),
                (true, true) => Some(Deferral::InitiallyDeferred),
            };
            let comment = row.opt(16);
            let (columns, ref_columns) = self
                .constraint_columns
                .get(row.s(0))
                .cloned()
                .unwrap_or_default();
            let def = row.s(10).to_string();
            if comment.is_some() && contype != "u" {
                self.unsupported(
                    object.clone(),
                    "comment",
                    format!(
                        "comment on constraint is not modelled: {}",
                        comment.clone().unwrap_or_default()
                    ),
                );
            }
            match contype.as_str() {
                "p" => {
                    if deferrable.is_some() {
                        self.unsupported(
                            object.clone(),
                            "primary key option",
                            "a DEFERRABLE primary key is not modelled".into(),
                        );
                    }
                    self.index_constraints.insert(
                        row.s(9).to_string(),
                        IndexConstraint {
                            contype,
                            deferrable,
                            comment: None,
                        },
                    );
                    let auto = is_generated(&name, &table_name, None, "pkey");
                    if let Some(t) = self.tables.get_mut(&rel_oid) {
                        t.primary_key = Some(PrimaryKey {
                            name: (!auto).then_some(name),
                            columns,
                        });
                    }
                }
                "u" => {
                    self.index_constraints.insert(
                        row.s(9).to_string(),
                        IndexConstraint {
                            contype,
                            deferrable,
                            comment,
                        },
                    );
                }
                "x" => {
                    self.index_constraints.insert(
                        row.s(9).to_string(),
                        IndexConstraint {
                            contype,
                            deferrable,
                            comment: None,
                        },
                    );
                    self.unsupported(
                        object,
                        "exclusion constraint",
                        format!(
                            "exclusion constraints are not modelled: {}",
                            strip_schema(&def, &qs)
                        ),
                    );
                }
                "f" => {
                    if row.s(17) != "0" {
                        // The server's per-partition copy of a foreign key to a partitioned table.
                        continue;
                    }
                    if row.b(18) {
                        self.unsupported(
                            object.clone(),
                            "foreign key option",
                            format!("ON DELETE SET NULL/DEFAULT (columns) is not modelled: {def}"),
                        );
                    }
                    let ref_schema = row.s(11).to_string();
                    let fk = ForeignKey {
                        auto_named: is_generated(
                            &name,
                            &table_name,
                            Some(&addition(&columns)),
                            "fkey",
                        ),
                        columns,
                        ref_schema: (ref_schema != schema).then_some(ref_schema),
                        ref_table: row.s(12).to_string(),
                        ref_columns,
                        on_delete: action(row.s(14)),
                        on_update: action(row.s(13)),
                        deferrable,
                        match_full: row.s(15) == "f",
                        not_enforced: !row.b(7),
                    };
                    if let Some(t) = self.tables.get_mut(&rel_oid) {
                        t.foreign_keys.insert(name, fk);
                    }
                }
                "c" => {
                    let mut body = def.strip_prefix("CHECK ").unwrap_or(&def).to_string();
                    if !row.b(7) {
                        body = body.strip_suffix(" NOT VALID").unwrap_or(&body).to_string();
                    }
                    if row.b(8) {
                        body = body
                            .strip_suffix(" NO INHERIT")
                            .unwrap_or(&body)
                            .to_string();
                    }
                    let single = (columns.len() == 1).then(|| columns[0].as_str());
                    let check = Check {
                        expression: expression(&body, &qs),
                        not_enforced: !row.b(7),
                        no_inherit: row.b(8),
                        auto_named: is_generated(&name, &table_name, single, "check"),
                    };
                    if let Some(t) = self.tables.get_mut(&rel_oid) {
                        t.checks.insert(name, check);
                    }
                }
                // Constraint triggers are read with the triggers; NOT NULL constraints
                // (PostgreSQL 18) are the columns' nullability.
                "t" | "n" => {}
                other => {
                    self.unsupported(
                        object,
                        "constraint",
                        format!("constraint type `{other}` is not modelled: {def}"),
                    );
                }
            }
        }
        Ok(())
    }

    fn read_indexes(&mut self, only: &str) -> Result<(), DriverError> {
        let nulls_not_distinct = if self.major >= 15 {
            "i.indnullsnotdistinct"
        } else {
            "false"
        };
        let sql = format!(
            "SELECT i.indexrelid, i.indrelid, ic.relname, i.indisunique, i.indnkeyatts, am.amname, \
               pg_get_expr(i.indpred, i.indrelid), obj_description(i.indexrelid, 'pg_class'), \
               (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(ic.reloptions) AS o WHERE o !~ '^pg_'), \
               ts.spcname, {nulls_not_distinct}, i.indisvalid, i.indisclustered \
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
             JOIN pg_class tc ON tc.oid = i.indrelid AND tc.oid = ANY({only}) \
             JOIN pg_namespace n ON n.oid = tc.relnamespace \
             JOIN pg_am am ON am.oid = ic.relam LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace \
             WHERE i.indrelid = ANY({only}) AND {}",
            user_namespace("n")
        );
        let index_rows = self.rows(&sql)?;
        let part_sql = format!(
            "SELECT i.indexrelid, k.n, i.indkey[k.n - 1], \
               CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, false) \
                    ELSE quote_ident(ta.attname) END, \
               CASE WHEN k.n <= i.indnkeyatts THEN i.indoption[k.n - 1] END, coalesce(ta.attname, ia.attname), \
               CASE WHEN opc.oid IS NULL THEN NULL \
                    WHEN opc.opcdefault AND coalesce(dflt.n, 0) \
                           = CASE WHEN opc.opcintype = ta.atttypid THEN 1 ELSE 0 END THEN NULL \
                    WHEN opn.nspname = 'pg_catalog' THEN opc.opcname \
                    ELSE opn.nspname || '.' || opc.opcname END, \
               CASE WHEN k.n <= i.indnkeyatts AND i.indcollation[k.n - 1] <> 0 \
                      AND i.indcollation[k.n - 1] <> coalesce(ta.attcollation, \
                            (SELECT typcollation FROM pg_type WHERE oid = ia.atttypid)) THEN \
                 (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname \
                              ELSE cn.nspname || '.' || co.collname END \
                    FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace \
                   WHERE co.oid = i.indcollation[k.n - 1]) END \
             FROM pg_index i JOIN pg_class tc ON tc.oid = i.indrelid AND tc.oid = ANY({only}) \
             JOIN pg_namespace n ON n.oid = tc.relnamespace \
             CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(n) \
             JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n \
             LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.n - 1] \
               AND i.indkey[k.n - 1] <> 0 AND ta.attrelid = ANY({only}) \
             LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.n - 1] AND k.n <= i.indnkeyatts \
             LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace \
             LEFT JOIN (SELECT opcmethod, opcintype, count(*) AS n FROM pg_opclass \
                         WHERE opcdefault GROUP BY 1, 2) dflt \
               ON dflt.opcmethod = opc.opcmethod AND dflt.opcintype = ta.atttypid \
             WHERE i.indrelid = ANY({only}) AND {} ORDER BY 1, 2",
            user_namespace("n")
        );
        let mut parts: HashMap<String, Vec<TextRow>> = HashMap::new();
        for row in self.rows(&part_sql)? {
            parts.entry(row.s(0).to_string()).or_default().push(row);
        }
        for row in index_rows {
            let index_oid = row.s(0).to_string();
            let rel_oid = row.s(1).to_string();
            let Some(rel) = self.rels.get(&rel_oid) else {
                continue;
            };
            let (schema, qs, table_name, kind) = (
                rel.schema.clone(),
                rel.quoted_schema.clone(),
                rel.name.clone(),
                rel.kind,
            );
            let name = row.s(2).to_string();
            let object = format!("{schema}.{table_name}.{name}");
            let key_count = usize::try_from(row.n(4)).unwrap_or(0);
            let columns = parts.remove(&index_oid).unwrap_or_default();
            let constraint = self.index_constraints.remove(&index_oid);
            if let Some(options) = row.opt(8) {
                self.unsupported(
                    object.clone(),
                    "storage parameters",
                    format!("index WITH ({options}) is not modelled"),
                );
            }
            if let Some(space) = row.opt(9) {
                self.unsupported(
                    object.clone(),
                    "tablespace",
                    format!("index TABLESPACE {space} is not modelled"),
                );
            }
            if row.b(12) {
                self.unsupported(
                    format!("{schema}.{table_name}"),
                    "cluster",
                    format!("CLUSTER ON {name} is not modelled"),
                );
            }
            if !row.b(11) {
                self.unsupported(
                    object.clone(),
                    "invalid index",
                    "the index is marked invalid (a failed CREATE INDEX CONCURRENTLY?)".into(),
                );
            }
            let backs_key = constraint.as_ref().is_some_and(|c| c.contype != "u");
            if let (true, Some(comment)) = (backs_key, row.opt(7)) {
                self.unsupported(
                    object.clone(),
                    "comment",
                    format!("comment on index is not modelled: {comment}"),
                );
            }
            match constraint.as_ref().map(|c| c.contype.as_str()) {
                Some("p") => {
                    if columns.len() > key_count {
                        self.unsupported(
                            object,
                            "primary key option",
                            "a primary key with INCLUDE columns is not modelled".into(),
                        );
                    }
                    continue;
                }
                Some("x") => continue,
                _ => {}
            }
            let mut index = Index {
                unique: row.b(3),
                method: Some(row.s(5).to_string()).filter(|m| m != "btree"),
                predicate: row.opt(6).map(|p| expression(&p, &qs)),
                nulls_not_distinct: row.b(10),
                comment: row.opt(7),
                ..Index::default()
            };
            for (n, part) in columns.iter().enumerate() {
                if n >= key_count {
                    index.include.push(part.s(5).to_string());
                    continue;
                }
                let option = part.n(4);
                let descending = option & 1 != 0;
                let nulls_first = option & 2 != 0;
                let text = part.s(3);
                let is_column = part.s(2) != "0";
                index.parts.push(IndexPart {
                    column: is_column.then(|| unquote_ident(text)),
                    expression: (!is_column).then(|| expression(text, &qs)),
                    descending,
                    nulls: match (descending, nulls_first) {
                        (false, true) => Some("first".into()),
                        (true, false) => Some("last".into()),
                        _ => None,
                    },
                    prefix_length: None,
                    collation: part.opt(7).map(|c| strip_schema(&c, &qs)),
                    opclass: part.opt(6).map(|c| strip_schema(&c, &qs)),
                });
            }
            index.include.sort();
            let column_names: Vec<&str> = columns.iter().map(|p| p.s(5)).collect();
            let addition = addition(&column_names);
            match constraint {
                Some(c) => {
                    index.kind = IndexKind::UniqueConstraint;
                    index.deferrable = c.deferrable;
                    index.comment = c.comment.or(index.comment);
                    index.auto_named = is_generated(&name, &table_name, Some(&addition), "key");
                }
                None => {
                    index.auto_named = is_generated(&name, &table_name, Some(&addition), "idx");
                }
            }
            match kind {
                RelKind::Table => {
                    if let Some(t) = self.tables.get_mut(&rel_oid) {
                        t.indexes.insert(name, index);
                    }
                }
                RelKind::View => {
                    if let Some(v) = self.views.get_mut(&rel_oid) {
                        v.indexes.insert(name, index);
                    }
                }
            }
        }
        Ok(())
    }

    fn read_triggers(&mut self) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT t.tgrelid, t.tgname, t.tgtype, pg_get_triggerdef(t.oid, false), t.tgenabled, \
               obj_description(t.oid, 'pg_trigger') \
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT t.tgisinternal AND {}",
            user_namespace("n")
        );
        for row in self.rows(&sql)? {
            let Some(rel) = self.rels.get(row.s(0)) else {
                continue;
            };
            let (schema, qs, table) = (
                rel.schema.clone(),
                rel.quoted_schema.clone(),
                rel.name.clone(),
            );
            let name = row.s(1).to_string();
            let key = format!("{table}.{name}");
            let object = format!("{schema}.{key}");
            let tgtype = row.n(2);
            let timing = if tgtype & 2 != 0 {
                "before"
            } else if tgtype & 64 != 0 {
                "instead of"
            } else {
                "after"
            };
            let mut events: Vec<String> = [
                (4, "insert"),
                (8, "delete"),
                (16, "update"),
                (32, "truncate"),
            ]
            .iter()
            .filter(|(bit, _)| tgtype & bit != 0)
            .map(|(_, e)| (*e).to_string())
            .collect();
            events.sort();
            match row.s(4) {
                "O" => {}
                state => {
                    let what = match state {
                        "D" => "DISABLE TRIGGER",
                        "R" => "ENABLE REPLICA TRIGGER",
                        _ => "ENABLE ALWAYS TRIGGER",
                    };
                    self.unsupported(
                        object.clone(),
                        "trigger state",
                        format!("{what} is not modelled"),
                    );
                }
            }
            if let Some(comment) = row.opt(5) {
                self.unsupported(
                    object,
                    "comment",
                    format!("comment on trigger is not modelled: {comment}"),
                );
            }
            let trigger = Trigger {
                table,
                timing: timing.to_string(),
                events,
                for_each_row: tgtype & 1 != 0,
                definition: definition(row.s(3), &qs),
            };
            self.snapshot
                .schema_mut(&schema)
                .triggers
                .insert(key, trigger);
        }
        Ok(())
    }

    fn read_routines(&mut self) -> Result<(), DriverError> {
        let sql = format!(
            "SELECT n.nspname, p.proname, oidvectortypes(p.proargtypes), p.prokind, l.lanname, \
               CASE WHEN p.prokind IN ('f', 'w') THEN pg_get_function_result(p.oid) END, \
               CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) END, \
               obj_description(p.oid, 'pg_proc') \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             JOIN pg_language l ON l.oid = p.prolang \
             WHERE {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_proc", "p.oid")
        );
        for row in self.rows(&sql)? {
            let schema = row.s(0).to_string();
            let Some(qs) = self.schemas.get(&schema).cloned() else {
                continue;
            };
            let key = format!("{}({})", row.s(1), strip_schema(row.s(2), &qs));
            let object = format!("{schema}.{key}");
            if row.s(3) == "a" {
                self.unsupported(
                    object,
                    "aggregate",
                    "aggregate functions are not modelled".into(),
                );
                continue;
            }
            if let Some(comment) = row.opt(7) {
                self.unsupported(
                    object,
                    "comment",
                    format!("comment on routine is not modelled: {comment}"),
                );
            }
            let routine = Routine {
                kind: if row.s(3) == "p" {
                    "procedure"
                } else {
                    "function"
                }
                .to_string(),
                language: row.opt(4),
                returns: row.opt(5).map(|r| strip_schema(&r, &qs)),
                definition: definition(row.s(6), &qs),
            };
            self.snapshot
                .schema_mut(&schema)
                .routines
                .insert(key, routine);
        }
        Ok(())
    }

    fn read_types(&mut self) -> Result<(), DriverError> {
        // Enums, labels in sort order.
        let sql = format!(
            "SELECT n.nspname, t.typname, e.enumlabel, obj_description(t.oid, 'pg_type') \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             LEFT JOIN pg_enum e ON e.enumtypid = t.oid \
             WHERE t.typtype = 'e' AND {} AND {} ORDER BY t.oid, e.enumsortorder",
            user_namespace("n"),
            not_extension_member("pg_type", "t.oid")
        );
        let mut commented = HashSet::new();
        for row in self.rows(&sql)? {
            let schema = row.s(0).to_string();
            if !self.schemas.contains_key(&schema) {
                continue;
            }
            let name = row.s(1).to_string();
            if let Some(comment) = row.opt(3) {
                if commented.insert(format!("{schema}.{name}")) {
                    self.unsupported(
                        format!("{schema}.{name}"),
                        "comment",
                        format!("comment on type is not modelled: {comment}"),
                    );
                }
            }
            let entry = self
                .snapshot
                .schema_mut(&schema)
                .enums
                .entry(name)
                .or_default();
            if let Some(label) = row.0.get(2).cloned().flatten() {
                entry.values.push(label);
            }
        }
        // Domains.
        let sql = format!(
            "SELECT t.oid, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, \
               pg_get_expr(t.typdefaultbin, 0), obj_description(t.oid, 'pg_type'), \
               CASE WHEN t.typcollation <> b.typcollation THEN \
                 (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname \
                              ELSE cn.nspname || '.' || co.collname END \
                    FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace \
                   WHERE co.oid = t.typcollation) END \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             JOIN pg_type b ON b.oid = t.typbasetype \
             WHERE t.typtype = 'd' AND {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_type", "t.oid")
        );
        let mut domains: HashMap<String, (String, String, String, Domain)> = HashMap::new();
        for row in self.rows(&sql)? {
            let schema = row.s(1).to_string();
            let Some(qs) = self.schemas.get(&schema).cloned() else {
                continue;
            };
            let name = row.s(2).to_string();
            let ty = strip_schema(row.s(3), &qs);
            if let Some(comment) = row.opt(6) {
                self.unsupported(
                    format!("{schema}.{name}"),
                    "comment",
                    format!("comment on domain is not modelled: {comment}"),
                );
            }
            if let Some(collation) = row.opt(7) {
                self.unsupported(
                    format!("{schema}.{name}"),
                    "domain collation",
                    format!("COLLATE {collation} on a domain is not modelled"),
                );
            }
            let domain = Domain {
                default: row.opt(5).and_then(|d| classify_default(&d, &ty, &qs)),
                ty,
                nullable: !row.b(4),
                checks: BTreeMap::new(),
            };
            domains.insert(row.s(0).to_string(), (schema, qs, name, domain));
        }
        let sql = "SELECT k.contypid, k.conname, k.contype, pg_get_constraintdef(k.oid), k.convalidated, \
                     obj_description(k.oid, 'pg_constraint') FROM pg_constraint k WHERE k.contypid <> 0";
        for row in self.rows(sql)? {
            let Some((schema, qs, domain_name, domain)) = domains.get_mut(row.s(0)) else {
                continue;
            };
            let name = row.s(1).to_string();
            if row.s(2) != "c" {
                // NOT NULL constraints of domains (PostgreSQL 17+) are `nullable`.
                continue;
            }
            let mut body = row
                .s(3)
                .strip_prefix("CHECK ")
                .unwrap_or(row.s(3))
                .to_string();
            if !row.b(4) {
                body = body.strip_suffix(" NOT VALID").unwrap_or(&body).to_string();
            }
            let check = Check {
                expression: expression(&body, qs),
                not_enforced: !row.b(4),
                no_inherit: false,
                auto_named: is_generated(&name, domain_name, None, "check"),
            };
            let object = format!("{schema}.{domain_name}.{name}");
            domain.checks.insert(name, check);
            if let Some(comment) = row.opt(5) {
                self.snapshot.unsupported.push(Unsupported {
                    object,
                    kind: "comment".into(),
                    reason: format!("comment on constraint is not modelled: {comment}"),
                });
            }
        }
        for (_, (schema, _, name, domain)) in domains {
            self.snapshot
                .schema_mut(&schema)
                .domains
                .insert(name, domain);
        }
        // Types keel does not model: ranges and base types (their array and multirange
        // companions come with them).
        let sql = format!(
            "SELECT n.nspname, t.typname, t.typtype FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE t.typtype IN ('r', 'b', 'p') AND t.typrelid = 0 \
               AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid) AND {} AND {}",
            user_namespace("n"),
            not_extension_member("pg_type", "t.oid")
        );
        for row in self.rows(&sql)? {
            if !self.schemas.contains_key(row.s(0)) {
                continue;
            }
            let kind = match row.s(2) {
                "r" => "range type",
                "p" => "shell type",
                _ => "base type",
            };
            self.unsupported(
                format!("{}.{}", row.s(0), row.s(1)),
                kind,
                format!("{kind}s are not modelled"),
            );
        }
        Ok(())
    }

    fn read_extensions(&mut self) -> Result<(), DriverError> {
        let rows = self.rows(
            "SELECT e.extname, n.nspname FROM pg_extension e \
             JOIN pg_namespace n ON n.oid = e.extnamespace",
        )?;
        for row in rows {
            let (name, schema) = (row.s(0).to_string(), row.s(1).to_string());
            if self.schemas.contains_key(&schema) {
                self.snapshot.schema_mut(&schema).extensions.push(name);
            } else if name != "plpgsql" {
                self.unsupported(
                    name,
                    "extension",
                    format!("extension installed in system schema {schema} is not modelled"),
                );
            }
        }
        Ok(())
    }

    /// Objects the model has no place for, listed so nothing is silently dropped.
    fn read_other_objects(&mut self) -> Result<(), DriverError> {
        let ns = user_namespace("n");
        // Per-table objects: row-level security policies and rules.
        let sql = format!(
            "SELECT p.polrelid, p.polname, 'policy', 'row-level security policies are not modelled' \
               FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid \
               JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {ns} \
             UNION ALL \
             SELECT r.ev_class, r.rulename, 'rule', 'rules (CREATE RULE) are not modelled: ' || \
                    pg_get_ruledef(r.oid) \
               FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class \
               JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND {ns} \
             UNION ALL \
             SELECT s.stxrelid, s.stxname, 'statistics', 'extended statistics (CREATE STATISTICS) are not modelled' \
               FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE {ns}"
        );
        for row in self.rows(&sql)? {
            if self.excluded.contains(row.s(0)) {
                continue;
            }
            let Some((schema, table)) = self.all_rels.get(row.s(0)).cloned() else {
                continue;
            };
            let reason = strip_schema(
                row.s(3),
                self.schemas.get(&schema).map_or("", String::as_str),
            );
            self.unsupported(
                format!("{schema}.{table}.{}", row.s(1)),
                row.s(2),
                collapse(&reason),
            );
        }
        // Per-schema objects.
        let sql = format!(
            "SELECT n.nspname, c.collname, 'collation' FROM pg_collation c \
               JOIN pg_namespace n ON n.oid = c.collnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' \
                 || format_type(o.oprright, NULL) || ')', 'operator' FROM pg_operator o \
               JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, o.opcname, 'operator class' FROM pg_opclass o \
               JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, o.opfname, 'operator family' FROM pg_opfamily o \
               JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, c.cfgname, 'text search configuration' FROM pg_ts_config c \
               JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, d.dictname, 'text search dictionary' FROM pg_ts_dict d \
               JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE {ns} AND {} \
             UNION ALL SELECT n.nspname, c.conname, 'conversion' FROM pg_conversion c \
               JOIN pg_namespace n ON n.oid = c.connamespace WHERE {ns} AND {}",
            not_extension_member("pg_collation", "c.oid"),
            not_extension_member("pg_operator", "o.oid"),
            not_extension_member("pg_opclass", "o.oid"),
            not_extension_member("pg_opfamily", "o.oid"),
            not_extension_member("pg_ts_config", "c.oid"),
            not_extension_member("pg_ts_dict", "d.oid"),
            not_extension_member("pg_conversion", "c.oid"),
        );
        for row in self.rows(&sql)? {
            let Some(qs) = self.schemas.get(row.s(0)).cloned() else {
                continue;
            };
            let kind = row.s(2).to_string();
            self.unsupported(
                format!("{}.{}", row.s(0), strip_schema(row.s(1), &qs)),
                &kind,
                format!("{kind}s are not modelled"),
            );
        }
        // Database-wide objects.
        let sql = format!(
            "SELECT evtname, 'event trigger' FROM pg_event_trigger e WHERE {} \
             UNION ALL SELECT pubname, 'publication' FROM pg_publication \
             UNION ALL SELECT srvname, 'foreign server' FROM pg_foreign_server s WHERE {} \
             UNION ALL SELECT fdwname, 'foreign-data wrapper' FROM pg_foreign_data_wrapper w WHERE {} \
             UNION ALL SELECT format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL), 'cast' \
               FROM pg_cast c WHERE c.oid >= 16384 AND {}",
            not_extension_member("pg_event_trigger", "e.oid"),
            not_extension_member("pg_foreign_server", "s.oid"),
            not_extension_member("pg_foreign_data_wrapper", "w.oid"),
            not_extension_member("pg_cast", "c.oid"),
        );
        for row in self.rows(&sql)? {
            let kind = row.s(1).to_string();
            self.unsupported(
                row.s(0).to_string(),
                &kind,
                format!("{kind}s are not modelled"),
            );
        }
        Ok(())
    }

    /// Rows of the protected tables among `oids` (whose details were just read), read in the
    /// same pinned transaction.
    fn read_data(&mut self, oids: &[String]) -> Result<(), DriverError> {
        let mut wanted: Vec<(String, String, String)> = oids
            .iter()
            .filter_map(|oid| self.rels.get(oid).map(|r| (oid, r)))
            .filter(|(_, r)| r.kind == RelKind::Table)
            .filter(|(_, r)| {
                let qualified = format!("{}.{}", r.schema, r.name);
                self.options
                    .protect
                    .iter()
                    .any(|p| *p == r.name || *p == qualified)
            })
            .map(|(oid, r)| (oid.clone(), r.schema.clone(), r.name.clone()))
            .collect();
        wanted.sort_by(|a, b| (&a.1, &a.2).cmp(&(&b.1, &b.2)));
        for (oid, schema, name) in wanted {
            let meta = self
                .columns
                .get(&oid)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let select: Vec<String> = meta
                .iter()
                .map(|c| {
                    let q = quote_ident(&c.name);
                    if c.bytea {
                        format!("encode({q}, 'hex')")
                    } else {
                        format!("{q}::text")
                    }
                })
                .collect();
            let pk = self
                .tables
                .get(&oid)
                .and_then(|t| t.primary_key.as_ref())
                .map(|pk| pk.columns.clone())
                .unwrap_or_default();
            let order: Vec<String> = pk
                .iter()
                .map(|col| {
                    let collatable = meta.iter().any(|c| c.name == *col && c.collatable);
                    let q = quote_ident(col);
                    if collatable {
                        format!("{q} COLLATE \"C\"")
                    } else {
                        q
                    }
                })
                .collect();
            let columns: Vec<String> = meta.iter().map(|c| c.name.clone()).collect();
            let mut sql = format!(
                "SELECT {} FROM {}.{}",
                if select.is_empty() {
                    "1".to_string()
                } else {
                    select.join(", ")
                },
                quote_ident(&schema),
                quote_ident(&name)
            );
            if !order.is_empty() {
                sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
            }
            let mut rows: Vec<Vec<Option<String>>> = self
                .rows(&sql)?
                .into_iter()
                .map(|r| if columns.is_empty() { Vec::new() } else { r.0 })
                .collect();
            if pk.is_empty() {
                rows.sort();
            }
            self.snapshot
                .data
                .insert(format!("{schema}.{name}"), TableData { columns, rows });
        }
        Ok(())
    }

    /// Moves the views into their schemas (tables are streamed).
    fn assemble_views(&mut self) {
        for (oid, rel) in &self.rels {
            if rel.kind == RelKind::View {
                if let Some(v) = self.views.remove(oid) {
                    let schema: &mut Schema = self.snapshot.schema_mut(&rel.schema);
                    schema.views.insert(rel.name.clone(), v);
                }
            }
        }
    }
}

fn write_err(source: std::io::Error) -> DriverError {
    DriverError::Write { source }
}

/// A foreign-key action letter as the model spells it (`NO ACTION` is the default: none).
fn action(code: &str) -> Option<String> {
    match code {
        "r" => Some("restrict".into()),
        "c" => Some("cascade".into()),
        "n" => Some("set null".into()),
        "d" => Some("set default".into()),
        _ => None,
    }
}

fn storage_name(code: &str) -> &'static str {
    match code {
        "p" => "PLAIN",
        "e" => "EXTERNAL",
        "m" => "MAIN",
        _ => "EXTENDED",
    }
}

fn compression_name(code: &str) -> &'static str {
    match code {
        "p" => "pglz",
        "l" => "lz4",
        _ => "default",
    }
}

fn collapse(text: &str) -> String {
    crate::normalize::collapse_whitespace(text)
}

/// A column name as `pg_get_indexdef` prints it (quoted when needed) → the name itself.
fn unquote_ident(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_string(),
    }
}
