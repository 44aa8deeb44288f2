//! `keel check`: orphaned foreign-key rows, NULLs in required columns, custom assertions.

use keel_driver::{Connection, Value};
use keel_model::Snapshot;
use serde::Serialize;

use crate::fingerprint::stored_columns;
use crate::{sql_for, GuardError, GuardSql, TableRef};

/// One `[[check]]` of keel.toml: a query that must return `expect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// What it asserts, in words.
    pub name: String,
    /// A query returning one number.
    pub sql: String,
    /// The number it must return.
    pub expect: i64,
}

/// One thing `keel check` found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckFailure {
    /// Rows whose foreign-key columns point at no parent row.
    OrphanedRows {
        /// The referencing table.
        table: String,
        /// Its foreign-key columns.
        columns: Vec<String>,
        /// The referenced table.
        references: String,
        /// The referenced columns.
        ref_columns: Vec<String>,
        /// The constraint's name.
        constraint: String,
        /// How many rows are orphaned.
        count: u64,
    },
    /// NULLs in a column keel.toml says is required.
    NullInRequired {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// How many rows hold NULL.
        count: u64,
    },
    /// A `[[check]]` returned something other than its `expect`.
    Assertion {
        /// The check's name.
        name: String,
        /// What it should return.
        expected: i64,
        /// What it returned.
        actual: i64,
    },
}

impl CheckFailure {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            CheckFailure::OrphanedRows {
                table,
                columns,
                references,
                ref_columns,
                constraint,
                count,
            } => format!(
                "{table}({}) → {references}({}): {count} orphaned row{} (foreign key {constraint})",
                columns.join(", "),
                ref_columns.join(", "),
                if *count == 1 { "" } else { "s" }
            ),
            CheckFailure::NullInRequired {
                table,
                column,
                count,
            } => format!(
                "{table}.{column}: {count} NULL{} in a required column",
                if *count == 1 { "" } else { "s" }
            ),
            CheckFailure::Assertion {
                name,
                expected,
                actual,
            } => format!("check \"{name}\": returned {actual}, expected {expected}"),
        }
    }
}

/// What `keel check` did and found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Foreign keys checked.
    pub foreign_keys: usize,
    /// Required columns checked.
    pub required: usize,
    /// `[[check]]` assertions run.
    pub assertions: usize,
    /// Everything that failed, in that order.
    pub failures: Vec<CheckFailure>,
}

impl CheckReport {
    /// Nothing failed.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every check against the database described by `schema`, inside a transaction that is
/// rolled back, so a `[[check]]` query can never change data.
///
/// Orphans are counted from the foreign keys the schema declares, not from what the engine
/// enforces: SQLite with `foreign_keys` off, MySQL with `foreign_key_checks=0` or a MyISAM
/// table all let orphans in. `required` entries are `table.column`.
pub fn check(
    conn: &mut dyn Connection,
    schema: &Snapshot,
    required: &[String],
    assertions: &[Assertion],
) -> Result<CheckReport, GuardError> {
    let sql = sql_for(conn.server().dialect);
    let targets = required
        .iter()
        .map(|entry| resolve_required(schema, entry))
        .collect::<Result<Vec<_>, _>>()?;
    conn.begin().map_err(|source| GuardError::Query {
        what: "cannot open a read-only transaction for the checks".into(),
        source,
    })?;
    let result = run(conn, sql, schema, &targets, assertions);
    // Rolled back whatever happened: checks never change anything.
    let _ = conn.rollback();
    result
}

fn run(
    conn: &mut dyn Connection,
    sql: &dyn GuardSql,
    schema: &Snapshot,
    required: &[(TableRef, String)],
    assertions: &[Assertion],
) -> Result<CheckReport, GuardError> {
    let mut report = CheckReport::default();
    for (schema_name, s) in &schema.schemas {
        for (name, table) in &s.tables {
            let child = TableRef::new(schema_name, name);
            for (fk_name, fk) in &table.foreign_keys {
                report.foreign_keys += 1;
                let parent = TableRef::new(
                    fk.ref_schema.as_deref().unwrap_or(schema_name),
                    &fk.ref_table,
                );
                let parent_table = schema
                    .schemas
                    .get(&parent.schema)
                    .and_then(|p| p.tables.get(&parent.name));
                let ref_columns = if fk.ref_columns.is_empty() {
                    parent_table
                        .and_then(|p| p.primary_key.as_ref())
                        .map(|pk| pk.columns.clone())
                        .unwrap_or_default()
                } else {
                    fk.ref_columns.clone()
                };
                let present: Vec<String> = fk
                    .columns
                    .iter()
                    .map(|c| format!("c.{} IS NOT NULL", sql.quote(c)))
                    .collect();
                // A parent table that does not exist (SQLite allows declaring one) orphans
                // every row that points anywhere.
                let query = if parent_table.is_some() && ref_columns.len() == fk.columns.len() {
                    let join: Vec<String> = fk
                        .columns
                        .iter()
                        .zip(&ref_columns)
                        .map(|(c, p)| format!("p.{} = c.{}", sql.quote(p), sql.quote(c)))
                        .collect();
                    format!(
                        "SELECT COUNT(*) FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
                        sql.table(&child),
                        present.join(" AND "),
                        sql.table(&parent),
                        join.join(" AND ")
                    )
                } else {
                    format!(
                        "SELECT COUNT(*) FROM {} c WHERE {}",
                        sql.table(&child),
                        present.join(" AND ")
                    )
                };
                let count = count(conn, &query, || {
                    format!("cannot count orphans of foreign key {fk_name} on {child}")
                })?;
                if count > 0 {
                    report.failures.push(CheckFailure::OrphanedRows {
                        table: child.to_string(),
                        columns: fk.columns.clone(),
                        references: parent.to_string(),
                        ref_columns,
                        constraint: fk_name.clone(),
                        count,
                    });
                }
            }
        }
    }
    for (table, column) in required {
        report.required += 1;
        let query = format!(
            "SELECT COUNT(*) FROM {} WHERE {} IS NULL",
            sql.table(table),
            sql.quote(column)
        );
        let count = count(conn, &query, || {
            format!("cannot count NULLs in {table}.{column}")
        })?;
        if count > 0 {
            report.failures.push(CheckFailure::NullInRequired {
                table: table.to_string(),
                column: column.clone(),
                count,
            });
        }
    }
    for a in assertions {
        report.assertions += 1;
        let fail = |message: String| GuardError::Assertion {
            name: a.name.clone(),
            message,
        };
        let rows = conn.query(&a.sql, &[]).map_err(|e| fail(e.to_string()))?;
        let actual = match rows.as_slice() {
            [row] if row.len() == 1 => row[0]
                .as_i64()
                .ok_or_else(|| fail(format!("it returned {}, not a number", show(&row[0]))))?,
            _ => {
                return Err(fail(format!(
                    "it returned {} row(s) of {} column(s), not one number",
                    rows.len(),
                    rows.first().map_or(0, Vec::len)
                )))
            }
        };
        if actual != a.expect {
            report.failures.push(CheckFailure::Assertion {
                name: a.name.clone(),
                expected: a.expect,
                actual,
            });
        }
    }
    Ok(report)
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        other => other
            .as_str()
            .map_or_else(|| format!("{other:?}"), |s| format!("'{s}'")),
    }
}

fn count(
    conn: &mut dyn Connection,
    query: &str,
    what: impl Fn() -> String,
) -> Result<u64, GuardError> {
    let rows = conn.query(query, &[]).map_err(|source| GuardError::Query {
        what: what(),
        source,
    })?;
    Ok(rows
        .first()
        .and_then(|r| r.first())
        .and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0))
}

fn resolve_required(schema: &Snapshot, entry: &str) -> Result<(TableRef, String), GuardError> {
    let bad = |reason: String| GuardError::UnknownRequired {
        entry: entry.to_string(),
        reason,
    };
    let (table, column) = match entry.rsplit_once('.') {
        Some(parts) => parts,
        None => return Err(bad("names no column".into())),
    };
    let t = match table.split_once('.') {
        Some((s, t)) => TableRef::new(s, t),
        None => TableRef::all_in(schema)
            .into_iter()
            .find(|t| t.name == table && t.in_default_schema())
            .unwrap_or_else(|| TableRef::new("main", table)),
    };
    let columns = stored_columns(schema, &t)
        .ok_or_else(|| bad(format!("names table {table}, which does not exist")))?;
    if !columns.iter().any(|c| c == column) {
        return Err(bad(format!(
            "names column {column}, which {table} does not have (it has {})",
            columns.join(", ")
        )));
    }
    Ok((t, column.to_string()))
}
