//! Introspection into keel's canonical schema model.
//!
//! Everything is read from `information_schema` (plus `SHOW CREATE` for routine text and a
//! plain `SELECT` for MariaDB sequence parameters), with the session pinned so that the
//! server renders the same text every time, and normalised by [`crate::normalize`]. The
//! previous session settings are restored afterwards: the same connection may run migrations
//! next.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use keel_driver::{Connection, DriverError, Flavor, InspectOptions, Value};
use keel_model::{
    Check, Column, ForeignKey, Generated, Identity, Index, IndexKind, IndexPart, PrimaryKey,
    Routine, Schema, Sequence, Snapshot, SnapshotBuilder, SnapshotSink, Table, TableData, Trigger,
    Unsupported, View,
};

use crate::connection::MysqlConnection;
use crate::normalize::{
    canonical_charset, canonical_collation, canonical_type, classify_default, float_text,
    is_auto_check_name, is_auto_fk_name, is_auto_index_name, is_binary_type, normalize_expression,
    on_update, quote_ident, squeeze_whitespace, strip_definer, strip_schema_qualifier,
    unescape_mysql8_expression, DefaultStyle,
};

/// The schema key MySQL databases are stored under.
const MAIN: &str = "main";

/// Tables are inspected this many at a time (see `read_snapshot`).
const CHUNK: usize = 256;

fn write_err(source: std::io::Error) -> DriverError {
    DriverError::Write { source }
}

/// The storage engine that is not recorded because it is every server's default.
const DEFAULT_ENGINE: &str = "InnoDB";

/// The text of column `i` (`None` for NULL; numbers as decimal text).
fn text(row: &[Value], i: usize) -> Option<String> {
    match row.get(i)? {
        Value::Null => None,
        Value::Int(n) => Some(n.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
    }
}

/// The text of column `i`, empty for NULL.
fn string(row: &[Value], i: usize) -> String {
    text(row, i).unwrap_or_default()
}

fn int(row: &[Value], i: usize) -> Option<i64> {
    row.get(i).and_then(Value::as_i64)
}

fn unsupported(object: String, kind: &str, reason: String) -> Unsupported {
    Unsupported {
        object,
        kind: kind.to_string(),
        reason,
    }
}

/// Session variables changed while inspecting, with their previous values.
struct SavedSession {
    assignments: Vec<(&'static str, Option<String>)>,
}

/// What the inspector remembers about a column beyond the model (for capturing rows).
struct ColumnMeta {
    name: String,
    data_type: String,
}

impl MysqlConnection {
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
        let saved = self.pin_session()?;
        let result = self.read_snapshot(options, sink);
        let restored = self.restore_session(&saved);
        result?;
        restored
    }

    fn is_mysql(&self) -> bool {
        self.server().flavor == Flavor::Mysql
    }

    /// Pins the settings that change how the server renders catalog text and values:
    /// UTC time zone, a fixed `sql_mode` without `ANSI_QUOTES`, utf8mb4 results, quoted
    /// identifiers in `SHOW CREATE`, and (MySQL 8) uncached `information_schema` statistics.
    fn pin_session(&mut self) -> Result<SavedSession, DriverError> {
        let mut names = vec![
            "time_zone",
            "sql_mode",
            "sql_quote_show_create",
            "character_set_client",
            "character_set_results",
            "character_set_connection",
            "collation_connection",
        ];
        if self.is_mysql() {
            names.push("information_schema_stats_expiry");
        }
        let select = names
            .iter()
            .map(|n| format!("@@SESSION.{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = self.query(&format!("SELECT {select}"), &[])?;
        let row = rows.into_iter().next().unwrap_or_default();
        let saved = SavedSession {
            assignments: names
                .iter()
                .enumerate()
                .map(|(i, n)| (*n, text(&row, i)))
                .collect(),
        };
        let mut pin = vec![
            "SET NAMES utf8mb4".to_string(),
            "SET SESSION time_zone = '+00:00', SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION', \
             SESSION sql_quote_show_create = 1"
                .to_string(),
        ];
        if self.is_mysql() {
            pin.push("SET SESSION information_schema_stats_expiry = 0".into());
        }
        for statement in pin {
            if let Err(e) = self.execute(&statement) {
                let _ = self.restore_session(&saved);
                return Err(e);
            }
        }
        Ok(saved)
    }

    fn restore_session(&mut self, saved: &SavedSession) -> Result<(), DriverError> {
        let assignments: Vec<String> = saved
            .assignments
            .iter()
            .map(|(name, value)| match value {
                None => format!("SESSION {name} = NULL"),
                Some(v) if v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty() => {
                    format!("SESSION {name} = {v}")
                }
                Some(v) => format!(
                    "SESSION {name} = '{}'",
                    v.replace('\\', "\\\\").replace('\'', "''")
                ),
            })
            .collect();
        self.execute(&format!("SET {}", assignments.join(", ")))
            .map(drop)
    }

    fn read_snapshot(
        &mut self,
        options: &InspectOptions,
        sink: &mut dyn SnapshotSink,
    ) -> Result<(), DriverError> {
        let server = self.server().clone();
        let mysql = server.flavor == Flavor::Mysql;
        let database = self
            .query("SELECT DATABASE()", &[])?
            .first()
            .and_then(|r| text(r, 0))
            .unwrap_or_else(|| self.database_name().to_string());
        let mut snapshot = Snapshot::new(
            server.flavor.name(),
            &format!("{}.{}", server.version.major, server.version.minor),
        );
        let mut unsupported_list: Vec<Unsupported> = Vec::new();
        let excluded = |name: &str| options.exclude.iter().any(|e| e == name);

        // Database defaults.
        let defaults = self.query(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA \
             WHERE SCHEMA_NAME = DATABASE()",
            &[],
        )?;
        let db_charset = defaults
            .first()
            .and_then(|r| text(r, 0))
            .map(|c| canonical_charset(&c));
        let db_collation = defaults
            .first()
            .and_then(|r| text(r, 1))
            .map(|c| canonical_collation(&c));
        snapshot.server.charset.clone_from(&db_charset);
        snapshot.server.collation.clone_from(&db_collation);

        // Collation → character set.
        let charset_of: HashMap<String, String> = self
            .query(
                "SELECT COLLATION_NAME, CHARACTER_SET_NAME FROM information_schema.COLLATIONS",
                &[],
            )?
            .iter()
            .map(|r| {
                (
                    canonical_collation(&string(r, 0)),
                    canonical_charset(&string(r, 1)),
                )
            })
            .collect();
        let charset_for = |collation: &str| {
            charset_of
                .get(collation)
                .cloned()
                .unwrap_or_else(|| collation.split('_').next().unwrap_or(collation).to_string())
        };

        let mut schema = Schema::default();
        // Tables with their options, before their details are read a chunk at a time.
        let mut shells: BTreeMap<String, Table> = BTreeMap::new();
        // Table name → (charset, collation) actually in effect, for column inheritance.
        let mut table_defaults: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        let mut sequences: Vec<String> = Vec::new();

        for row in self.query(
            "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            &[],
        )? {
            let name = string(&row, 0);
            if excluded(&name) {
                continue;
            }
            let kind = string(&row, 1);
            match kind.as_str() {
                "BASE TABLE" | "SYSTEM VERSIONED" => {}
                "VIEW" => continue,
                "SEQUENCE" => {
                    sequences.push(name);
                    continue;
                }
                other => {
                    unsupported_list.push(unsupported(
                        name,
                        &other.to_ascii_lowercase(),
                        format!("a {other} is not modelled"),
                    ));
                    continue;
                }
            }
            if kind == "SYSTEM VERSIONED" {
                unsupported_list.push(unsupported(
                    name.clone(),
                    "system versioning",
                    "WITH SYSTEM VERSIONING (history rows and period columns) is not modelled"
                        .into(),
                ));
            }
            let mut table = Table::default();
            if let Some(engine) = text(&row, 2) {
                if !engine.eq_ignore_ascii_case(DEFAULT_ENGINE) {
                    table.options.engine = Some(engine);
                }
            }
            let collation = text(&row, 3).map(|c| canonical_collation(&c));
            let charset = collation.as_deref().map(&charset_for);
            if charset != db_charset {
                table.options.charset.clone_from(&charset);
            }
            if collation != db_collation {
                table.options.collation.clone_from(&collation);
            }
            table_defaults.insert(name.clone(), (charset, collation));
            let create_options: Vec<String> = string(&row, 4)
                .split_whitespace()
                .filter(|o| !o.eq_ignore_ascii_case("partitioned"))
                .map(str::to_string)
                .collect();
            if !create_options.is_empty() {
                unsupported_list.push(unsupported(
                    name.clone(),
                    "table option",
                    format!("table options are not modelled: {}", create_options.join(" ")),
                ));
            }
            if let Some(comment) = text(&row, 5).filter(|c| !c.is_empty()) {
                table.comment = Some(comment);
            }
            shells.insert(name, table);
        }

        // The per-table catalog queries run once per chunk of tables, filtered to it; each
        // finished table goes to the sink and is dropped, so memory stays flat.
        // Foreign keys are read once for all tables, not per chunk: MariaDB opens every
        // table for `KEY_COLUMN_USAGE` whatever the filter, so a chunked read cost about as
        // much per chunk as the whole (0.2–0.4 s against 0.7 s at 2,000 tables). The rows are
        // small next to the model (one per key column) and are dropped chunk by chunk.
        let mut all_fk_rows: BTreeMap<(String, String), Vec<Vec<Value>>> = BTreeMap::new();
        for r in self.query(
            "SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.UPDATE_RULE, rc.DELETE_RULE, rc.MATCH_OPTION, \
             k.COLUMN_NAME, k.ORDINAL_POSITION, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, \
             k.REFERENCED_COLUMN_NAME \
             FROM information_schema.REFERENTIAL_CONSTRAINTS rc \
             JOIN information_schema.KEY_COLUMN_USAGE k \
               ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME \
              AND k.TABLE_NAME = rc.TABLE_NAME \
             WHERE rc.CONSTRAINT_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
             ORDER BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, k.ORDINAL_POSITION",
            &[],
        )? {
            all_fk_rows
                .entry((string(&r, 0), string(&r, 1)))
                .or_default()
                .push(r);
        }
        sink.begin(&snapshot).map_err(write_err)?;
        sink.begin_schema(MAIN).map_err(write_err)?;
        while !shells.is_empty() {
            let rest = match shells.keys().nth(CHUNK).cloned() {
                Some(next) => shells.split_off(&next),
                None => BTreeMap::new(),
            };
            let mut tables = std::mem::replace(&mut shells, rest);
            let names: Vec<Value> = tables.keys().map(|n| Value::Text(n.clone())).collect();
            let list = vec!["?"; names.len()].join(", ");
            // CHECK constraints first: MariaDB's JSON alias is a longtext with a json_valid check.
            // (table, name, column-level, clause, enforced)
            let mut checks: Vec<(String, String, bool, String, bool)> = Vec::new();
            if mysql {
                let has_checks = server.version
                    >= keel_driver::Version {
                        major: 8,
                        minor: 0,
                        patch: 16,
                    };
                if has_checks {
                    for r in self.query(
                        &format!(
                            "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, tc.ENFORCED \
                             FROM information_schema.TABLE_CONSTRAINTS tc \
                             JOIN information_schema.CHECK_CONSTRAINTS cc \
                               ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
                             WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' \
                             AND tc.TABLE_NAME IN ({list})"
                        ),
                        &names,
                    )? {
                        checks.push((
                            string(&r, 0),
                            string(&r, 1),
                            false,
                            unescape_mysql8_expression(&string(&r, 2)),
                            string(&r, 3) != "NO",
                        ));
                    }
                }
            } else {
                for r in self.query(
                    &format!(
                        "SELECT TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE \
                         FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
                         AND TABLE_NAME IN ({list})"
                    ),
                    &names,
                )? {
                    checks.push((
                        string(&r, 0),
                        string(&r, 1),
                        string(&r, 2).eq_ignore_ascii_case("column"),
                        string(&r, 3),
                        true,
                    ));
                }
            }
            let json_alias: BTreeSet<(String, String)> = checks
                .iter()
                .filter(|(_, name, column_level, clause, _)| {
                    *column_level && clause.trim() == format!("json_valid({})", quote_ident(name))
                })
                .map(|(table, name, ..)| (table.clone(), name.clone()))
                .collect();

            // Columns.
            let style = if mysql {
                DefaultStyle::Mysql
            } else {
                DefaultStyle::Mariadb
            };
            let srs = if mysql { "SRS_ID" } else { "NULL" };
            let mut column_meta: HashMap<String, Vec<ColumnMeta>> = HashMap::new();
            for r in self.query(
                &format!(
                    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, \
                     CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION, {srs} \
                     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
                     AND TABLE_NAME IN ({list}) ORDER BY TABLE_NAME, ORDINAL_POSITION"
                ),
                &names,
            )? {
                let table_name = string(&r, 0);
                let Some(table) = tables.get_mut(&table_name) else {
                    continue;
                };
                let name = string(&r, 1);
                let data_type = string(&r, 4).to_ascii_lowercase();
                let extra = string(&r, 8);
                let extra_lower = extra.to_ascii_lowercase();
                let (mut ty, raw_type) = canonical_type(&string(&r, 5));
                let json = data_type == "longtext"
                    && json_alias.contains(&(table_name.clone(), name.clone()));
                if json {
                    ty = "json".into();
                }
                if let Some(srid) = int(&r, 11) {
                    ty = format!("{ty} srid {srid}");
                }
                let mut column = Column::new(&name, &ty);
                column.raw_type = if json { None } else { raw_type };
                column.nullable = string(&r, 3) == "YES";
                let generation = text(&r, 10).filter(|g| !g.trim().is_empty());
                let generated = generation.is_some()
                    && (extra_lower.contains("virtual generated")
                        || extra_lower.contains("stored generated")
                        || extra_lower.contains("persistent generated"));
                if generated {
                    let expression = generation.unwrap_or_default();
                    let expression = if mysql {
                        unescape_mysql8_expression(&expression)
                    } else {
                        expression
                    };
                    column.generated = Some(Generated {
                        expression: normalize_expression(&expression),
                        stored: !extra_lower.contains("virtual"),
                    });
                } else {
                    column.default =
                        classify_default(text(&r, 2).as_deref(), &extra, &data_type, style);
                    column.on_update = on_update(&extra);
                }
                if extra_lower.contains("auto_increment") {
                    column.identity = Some(Identity::AutoIncrement);
                }
                if extra_lower.split_whitespace().any(|w| w == "invisible") {
                    unsupported_list.push(unsupported(
                        format!("{table_name}.{name}"),
                        "invisible column",
                        "INVISIBLE columns are not modelled (the column is captured as visible)"
                            .into(),
                    ));
                }
                if !json {
                    let (table_charset, table_collation) = table_defaults
                        .get(&table_name)
                        .cloned()
                        .unwrap_or_default();
                    let charset = text(&r, 6).map(|c| canonical_charset(&c));
                    let collation = text(&r, 7).map(|c| canonical_collation(&c));
                    if charset.is_some() && charset != table_charset {
                        column.charset = charset;
                    }
                    if collation.is_some() && collation != table_collation {
                        column.collation = collation;
                    }
                }
                if let Some(comment) = text(&r, 9).filter(|c| !c.is_empty()) {
                    column.comment = Some(comment);
                }
                table.columns.push(column);
                column_meta.entry(table_name).or_default().push(ColumnMeta {
                    name,
                    data_type,
                });
            }

            // Checks into the model (minus the JSON alias checks).
            for (table_name, name, column_level, clause, enforced) in checks {
                let Some(table) = tables.get_mut(&table_name) else {
                    continue;
                };
                if json_alias.contains(&(table_name.clone(), name.clone())) {
                    continue;
                }
                let auto_named = (column_level && table.column(&name).is_some())
                    || is_auto_check_name(&table_name, &name);
                table.checks.insert(
                    name,
                    Check {
                        expression: normalize_expression(&clause),
                        not_enforced: !enforced,
                        no_inherit: false,
                        auto_named,
                    },
                );
            }

            // Indexes and the primary key.
            let (hidden, expression) = if mysql {
                ("IS_VISIBLE = 'NO'", "EXPRESSION")
            } else {
                ("IGNORED = 'YES'", "NULL")
            };
            // (table, index) → rows in key order.
            let mut index_rows: BTreeMap<(String, String), Vec<Vec<Value>>> = BTreeMap::new();
            for r in self.query(
                &format!(
                    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, \
                     INDEX_TYPE, INDEX_COMMENT, {hidden}, {expression} \
                     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
                     AND TABLE_NAME IN ({list}) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
                ),
                &names,
            )? {
                index_rows
                    .entry((string(&r, 0), string(&r, 1)))
                    .or_default()
                    .push(r);
            }
            for ((table_name, index_name), mut rows) in index_rows {
                let Some(table) = tables.get_mut(&table_name) else {
                    continue;
                };
                rows.sort_by_key(|r| int(r, 3).unwrap_or(0));
                let parts: Vec<IndexPart> = rows
                    .iter()
                    .map(|r| {
                        let expression = text(r, 10)
                            .filter(|e| !e.is_empty())
                            .map(|e| normalize_expression(&unescape_mysql8_expression(&e)));
                        IndexPart {
                            column: if expression.is_some() {
                                None
                            } else {
                                text(r, 4)
                            },
                            expression,
                            descending: string(r, 5) == "D",
                            prefix_length: int(r, 6).and_then(|n| u32::try_from(n).ok()),
                            ..IndexPart::default()
                        }
                    })
                    .collect();
                let first = &rows[0];
                if int(first, 9).unwrap_or(0) != 0 {
                    unsupported_list.push(unsupported(
                        format!("{table_name}.{index_name}"),
                        "invisible index",
                        "the index is invisible/ignored; index visibility is not modelled".into(),
                    ));
                }
                if index_name == "PRIMARY" {
                    if parts
                        .iter()
                        .any(|p| p.descending || p.prefix_length.is_some() || p.column.is_none())
                    {
                        unsupported_list.push(unsupported(
                            format!("{table_name}.PRIMARY"),
                            "primary key part",
                            "prefix, descending or expression parts of a primary key are not modelled"
                                .into(),
                        ));
                    }
                    table.primary_key = Some(PrimaryKey {
                        name: None,
                        columns: parts.into_iter().filter_map(|p| p.column).collect(),
                    });
                    continue;
                }
                let index_type = string(first, 7).to_ascii_uppercase();
                let (kind, method) = match index_type.as_str() {
                    "FULLTEXT" => (IndexKind::Fulltext, None),
                    "SPATIAL" | "RTREE" => (IndexKind::Spatial, None),
                    "BTREE" | "" => (IndexKind::Index, None),
                    other => (IndexKind::Index, Some(other.to_ascii_lowercase())),
                };
                let first_column = parts.first().and_then(|p| p.column.as_deref());
                let auto_named = is_auto_index_name(&index_name, first_column);
                table.indexes.insert(
                    index_name,
                    Index {
                        unique: int(first, 2) == Some(0),
                        kind,
                        method,
                        auto_named,
                        comment: text(first, 8).filter(|c| !c.is_empty()),
                        parts,
                        ..Index::default()
                    },
                );
            }

            // Foreign keys: those of the tables before the next chunk.
            let later = match shells.keys().next() {
                Some(next) => all_fk_rows.split_off(&(next.clone(), String::new())),
                None => BTreeMap::new(),
            };
            let fk_rows = std::mem::replace(&mut all_fk_rows, later);
            let action = |rule: String| {
                let rule = rule.to_ascii_lowercase();
                // InnoDB treats RESTRICT and NO ACTION alike, and MariaDB reports an unspecified
                // action as RESTRICT where MySQL reports NO ACTION: both are the default.
                (rule != "no action" && rule != "restrict" && !rule.is_empty()).then_some(rule)
            };
            for ((table_name, name), mut rows) in fk_rows {
                let Some(table) = tables.get_mut(&table_name) else {
                    continue;
                };
                rows.sort_by_key(|r| int(r, 6).unwrap_or(0));
                let first = &rows[0];
                let ref_schema = text(first, 7).filter(|s| *s != database);
                let fk = ForeignKey {
                    columns: rows.iter().map(|r| string(r, 5)).collect(),
                    ref_schema,
                    ref_table: string(first, 8),
                    ref_columns: rows.iter().map(|r| string(r, 9)).collect(),
                    on_delete: action(string(first, 3)),
                    on_update: action(string(first, 2)),
                    deferrable: None,
                    match_full: string(first, 4).eq_ignore_ascii_case("full"),
                    not_enforced: false,
                    auto_named: is_auto_fk_name(&table_name, &name),
                };
                // The index InnoDB created for this key, when no other index served it.
                let implicit = table
                    .indexes
                    .iter()
                    .filter(|(index_name, index)| {
                        !index.unique
                            && index.kind == IndexKind::Index
                            && index.method.is_none()
                            && index.parts.len() == fk.columns.len()
                            && index.parts.iter().zip(&fk.columns).all(|(p, c)| {
                                p.column.as_deref() == Some(c.as_str())
                                    && !p.descending
                                    && p.prefix_length.is_none()
                            })
                            && (index_name.as_str() == name.as_str()
                                || is_auto_index_name(
                                    index_name,
                                    fk.columns.first().map(String::as_str),
                                ))
                    })
                    .map(|(index_name, _)| index_name.clone())
                    .next();
                if let Some(index_name) = implicit {
                    if let Some(index) = table.indexes.get_mut(&index_name) {
                        index.implicit = true;
                        index.auto_named = true;
                    }
                }
                table.foreign_keys.insert(name, fk);
            }

            // Partitioning.
            for r in self.query(
                &format!("SELECT TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_METHOD, \
                 GROUP_CONCAT(PARTITION_NAME ORDER BY PARTITION_ORDINAL_POSITION SEPARATOR ', ') \
                 FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL \
                 AND TABLE_NAME IN ({list}) \
                 GROUP BY TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_METHOD"),
                &names,
            )? {
                let table_name = string(&r, 0);
                if !tables.contains_key(&table_name) {
                    continue;
                }
                let sub = text(&r, 3)
                    .map(|s| format!(", subpartitioned by {s}"))
                    .unwrap_or_default();
                unsupported_list.push(unsupported(
                    table_name,
                    "partitioning",
                    format!(
                        "partitioned by {} ({}){sub} into partitions {}; partitioning is not modelled",
                        string(&r, 1),
                        squeeze_whitespace(&string(&r, 2)),
                        string(&r, 4)
                    ),
                ));
            }

            // Rows of protected tables, while their columns are known.
            for (name, table) in &tables {
                if !options.protect.contains(name) {
                    continue;
                }
                let Some(meta) = column_meta.get(name) else {
                    continue;
                };
                let data = self.capture_rows(name, meta, table.primary_key.as_ref())?;
                snapshot.data.insert(format!("{MAIN}.{name}"), data);
            }
            for (name, table) in std::mem::take(&mut tables) {
                sink.table(&name, table).map_err(write_err)?;
            }
        }

        // Views.
        let algorithm = if mysql { "NULL" } else { "ALGORITHM" };
        for r in self.query(
            &format!(
                "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, {algorithm} \
                 FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()"
            ),
            &[],
        )? {
            let name = string(&r, 0);
            if excluded(&name) {
                continue;
            }
            let definition = squeeze_whitespace(&strip_schema_qualifier(&string(&r, 1), &database));
            let check_option = text(&r, 2)
                .filter(|c| !c.eq_ignore_ascii_case("none") && !c.is_empty())
                .map(|c| c.to_ascii_lowercase());
            if string(&r, 3).eq_ignore_ascii_case("invoker") {
                unsupported_list.push(unsupported(
                    name.clone(),
                    "view option",
                    "SQL SECURITY INVOKER is not modelled".into(),
                ));
            }
            if let Some(alg) = text(&r, 4).filter(|a| !a.eq_ignore_ascii_case("undefined")) {
                unsupported_list.push(unsupported(
                    name.clone(),
                    "view option",
                    format!("ALGORITHM={alg} is not modelled"),
                ));
            }
            schema.views.insert(
                name,
                View {
                    definition,
                    check_option,
                    ..View::default()
                },
            );
        }

        // Triggers.
        let mut order_groups: BTreeMap<(String, String, String), Vec<(i64, String)>> =
            BTreeMap::new();
        for r in self.query(
            "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_STATEMENT, \
             ACTION_ORIENTATION, ACTION_TIMING \
             FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
            &[],
        )? {
            let name = string(&r, 0);
            let table_name = string(&r, 2);
            if excluded(&table_name) {
                continue;
            }
            let event = string(&r, 1).to_ascii_lowercase();
            let timing = string(&r, 6).to_ascii_lowercase();
            order_groups
                .entry((table_name.clone(), timing.clone(), event.clone()))
                .or_default()
                .push((int(&r, 3).unwrap_or(0), name.clone()));
            schema.triggers.insert(
                format!("{table_name}.{name}"),
                Trigger {
                    table: table_name,
                    timing,
                    events: vec![event],
                    for_each_row: string(&r, 5).eq_ignore_ascii_case("row"),
                    definition: squeeze_whitespace(&string(&r, 4)),
                },
            );
        }
        for ((table_name, timing, event), members) in order_groups {
            if members.len() < 2 {
                continue;
            }
            for (order, name) in members {
                unsupported_list.push(unsupported(
                    format!("{table_name}.{name}"),
                    "trigger order",
                    format!(
                        "runs as number {order} of the {timing} {event} triggers on {table_name}; \
                         the order (FOLLOWS/PRECEDES) is not modelled"
                    ),
                ));
            }
        }

        // Routines.
        let mut parameters: HashMap<(String, String), Vec<(i64, String)>> = HashMap::new();
        for r in self.query(
            "SELECT SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, DTD_IDENTIFIER \
             FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0",
            &[],
        )? {
            parameters
                .entry((string(&r, 0), string(&r, 1).to_ascii_uppercase()))
                .or_default()
                .push((int(&r, 2).unwrap_or(0), canonical_type(&string(&r, 3)).0));
        }
        let routines = self.query(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_BODY, ROUTINE_DEFINITION \
             FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()",
            &[],
        )?;
        for r in routines {
            let name = string(&r, 0);
            let kind = string(&r, 1).to_ascii_uppercase();
            if kind != "FUNCTION" && kind != "PROCEDURE" {
                unsupported_list.push(unsupported(
                    name,
                    &kind.to_ascii_lowercase(),
                    format!("a {kind} is not modelled"),
                ));
                continue;
            }
            let mut params = parameters
                .remove(&(name.clone(), kind.clone()))
                .unwrap_or_default();
            params.sort();
            let key = format!(
                "{name}({})",
                params
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let show = self
                .query(&format!("SHOW CREATE {kind} {}", quote_ident(&name)), &[])
                .ok()
                .and_then(|rows| rows.into_iter().next())
                .and_then(|row| text(&row, 2));
            let definition = match show {
                Some(create) => squeeze_whitespace(&strip_definer(&create)),
                None => squeeze_whitespace(&string(&r, 4)),
            };
            schema.routines.insert(
                key,
                Routine {
                    kind: kind.to_ascii_lowercase(),
                    language: text(&r, 3).map(|l| l.to_ascii_lowercase()),
                    returns: (kind == "FUNCTION")
                        .then(|| text(&r, 2).map(|t| canonical_type(&t).0))
                        .flatten(),
                    definition,
                },
            );
        }

        // Events.
        for r in self.query(
            "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
            &[],
        )? {
            unsupported_list.push(unsupported(
                string(&r, 0),
                "event",
                "scheduled events are not modelled".into(),
            ));
        }

        // MariaDB sequences: their parameters live in the sequence itself.
        for name in sequences {
            let rows = self.query(
                &format!(
                    "SELECT start_value, increment, minimum_value, maximum_value, cache_size, cycle_option FROM {}",
                    quote_ident(&name)
                ),
                &[],
            )?;
            let Some(r) = rows.first() else { continue };
            schema.sequences.insert(
                name,
                Sequence {
                    ty: "bigint".into(),
                    start: int(r, 0).unwrap_or(0),
                    increment: int(r, 1).unwrap_or(0),
                    min: int(r, 2).unwrap_or(0),
                    max: int(r, 3).unwrap_or(0),
                    cache: int(r, 4).unwrap_or(0),
                    cycle: int(r, 5).unwrap_or(0) != 0,
                    owned_by: None,
                },
            );
        }

        sink.end_schema(schema).map_err(write_err)?;
        sink.finish(snapshot.data, unsupported_list)
            .map_err(write_err)
    }

    /// Reads every row of `table` as text: NULL → `None`, binary → lowercase hex, floats as the
    /// shortest text that reads back to the same value; sorted by primary key (by every column
    /// when there is none).
    fn capture_rows(
        &mut self,
        table: &str,
        columns: &[ColumnMeta],
        primary_key: Option<&PrimaryKey>,
    ) -> Result<TableData, DriverError> {
        let select = columns
            .iter()
            .map(|c| {
                if c.data_type == "float" {
                    format!("({} + 0e0)", quote_ident(&c.name))
                } else {
                    quote_ident(&c.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut sql = format!("SELECT {select} FROM {}", quote_ident(table));
        if let Some(pk) = primary_key.filter(|pk| !pk.columns.is_empty()) {
            let order = pk
                .columns
                .iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ");
            sql.push_str(&format!(" ORDER BY {order}"));
        }
        let rows = self.query(&sql, &[])?;
        let mut out: Vec<Vec<Option<String>>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(columns)
                    .map(|(value, column)| cell(value, column))
                    .collect()
            })
            .collect();
        if primary_key.is_none() {
            out.sort();
        }
        Ok(TableData {
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            rows: out,
        })
    }
}

fn cell(value: Value, column: &ColumnMeta) -> Option<String> {
    let bytes = match value {
        Value::Null => return None,
        Value::Int(n) => return Some(n.to_string()),
        Value::Float(f) => return Some(f.to_string()),
        Value::Text(s) => s.into_bytes(),
        Value::Bytes(b) => b,
    };
    if is_binary_type(&column.data_type) {
        return Some(hex::encode(bytes));
    }
    match String::from_utf8(bytes) {
        Ok(s) if column.data_type == "float" => Some(float_text(&s)),
        Ok(s) => Some(s),
        Err(e) => Some(hex::encode(e.into_bytes())),
    }
}
