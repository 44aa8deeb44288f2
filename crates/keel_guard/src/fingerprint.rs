//! Fingerprints: what a table holds, in numbers that survive a reorder but not a loss.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use keel_driver::{Connection, Value};
use keel_model::Snapshot;
use serde::Serialize;

use crate::{GuardError, GuardSql};

/// A table, by schema and name. Displays as `name`, or `schema.name` outside the default
/// schema (`main` for SQLite and MySQL, `public` for PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableRef {
    /// The schema as the snapshot names it.
    pub schema: String,
    /// The table's name.
    pub name: String,
}

impl TableRef {
    /// A table in `schema`.
    pub fn new(schema: &str, name: &str) -> Self {
        Self {
            schema: schema.to_string(),
            name: name.to_string(),
        }
    }

    /// Whether the schema is the one names are unqualified in.
    pub fn in_default_schema(&self) -> bool {
        matches!(self.schema.as_str(), "main" | "public")
    }

    /// Every table of a snapshot.
    pub fn all_in(snapshot: &Snapshot) -> BTreeSet<TableRef> {
        snapshot
            .schemas
            .iter()
            .flat_map(|(schema, s)| s.tables.keys().map(|t| TableRef::new(schema, t)))
            .collect()
    }
}

impl fmt::Display for TableRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.in_default_schema() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}.{}", self.schema, self.name)
        }
    }
}

/// An order-independent digest of a column's non-NULL values: per-component sums of hash
/// slices (see [`GuardSql::digest`]). Comparable only with digests from the same engine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Digest(pub Vec<u128>);

impl Digest {
    /// The digest of the values in `self` that are not in `other`, when `other`'s values can
    /// be a subset of `self`'s (every component is at least as large).
    pub fn minus(&self, other: &Digest) -> Option<Digest> {
        if self.0.len() != other.0.len() {
            return None;
        }
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.checked_sub(*b))
            .collect::<Option<Vec<_>>>()
            .map(Digest)
    }

    /// The digest of no values, shaped like `self`.
    pub fn empty_like(&self) -> Digest {
        Digest(vec![0; self.0.len()])
    }

    fn parse(values: &[Value]) -> Option<Digest> {
        let mut parts = Vec::new();
        for v in values {
            match v {
                Value::Null => parts.push(0),
                Value::Int(i) => parts.push(u128::try_from(*i).ok()?),
                other => {
                    for piece in other.as_str()?.split(':') {
                        parts.push(piece.trim().parse().ok()?);
                    }
                }
            }
        }
        Some(Digest(parts))
    }
}

/// One column's numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnPrint {
    /// Non-NULL values.
    pub values: u64,
    /// The content digest, when it was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
    /// Whether the digest was left in the pre-batch backup's artifact, to be computed only
    /// if a move must be proven ([`crate::BackupDigests`]).
    #[serde(skip)]
    pub from_artifact: bool,
}

/// One table's numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TablePrint {
    /// Rows.
    pub rows: u64,
    /// Columns by name (generated columns are left out: their values derive from others).
    pub columns: BTreeMap<String, ColumnPrint>,
}

/// Fingerprints of the tables that were read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// By table.
    pub tables: BTreeMap<TableRef, TablePrint>,
}

impl Fingerprint {
    /// The numbers a backup counted as its rows streamed ([`keel_backup::TableStats`]), as
    /// a fingerprint. A column whose digest the backup did not compute has none here (and
    /// `from_artifact` when the backup can compute it later).
    pub fn from_backup(stats: &[keel_backup::TableStats]) -> Fingerprint {
        let tables = stats
            .iter()
            .map(|t| {
                let columns = t
                    .columns
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            ColumnPrint {
                                values: c.values,
                                digest: c.digest.clone().map(Digest),
                                from_artifact: c.digest.is_none() && c.from_artifact,
                            },
                        )
                    })
                    .collect();
                (
                    TableRef::new(&t.schema, &t.table),
                    TablePrint {
                        rows: t.rows,
                        columns,
                    },
                )
            })
            .collect();
        Fingerprint { tables }
    }
}

/// Reads the fingerprint of each table in `tables` that `snapshot` knows, with content digests
/// of every column when `digests` is set. One aggregate query (one scan) per table.
pub fn fingerprint(
    conn: &mut dyn Connection,
    sql: &dyn GuardSql,
    snapshot: &Snapshot,
    tables: &BTreeSet<TableRef>,
    digests: bool,
) -> Result<Fingerprint, GuardError> {
    let mut out = Fingerprint::default();
    for t in tables {
        let Some(columns) = stored_columns(snapshot, t) else {
            continue;
        };
        let mut select = vec!["COUNT(*)".to_string()];
        for c in &columns {
            select.push(format!("COUNT({})", sql.quote(c)));
        }
        let width = if digests {
            let probe = sql.digest("x").len();
            for c in &columns {
                select.extend(sql.digest(&sql.quote(c)));
            }
            probe
        } else {
            0
        };
        let query = format!("SELECT {} FROM {}", select.join(", "), sql.table(t));
        let row = one_row(conn, &query, t)?;
        let mut print = TablePrint {
            rows: count(&row, 0, t)?,
            columns: BTreeMap::new(),
        };
        for (i, c) in columns.iter().enumerate() {
            let digest = if digests {
                let start = 1 + columns.len() + i * width;
                Some(parse_digest(&row[start..start + width], t)?)
            } else {
                None
            };
            print.columns.insert(
                c.clone(),
                ColumnPrint {
                    values: count(&row, 1 + i, t)?,
                    digest,
                    from_artifact: false,
                },
            );
        }
        out.tables.insert(t.clone(), print);
    }
    Ok(out)
}

/// The content digests of some columns of one table.
pub(crate) fn digests(
    conn: &mut dyn Connection,
    sql: &dyn GuardSql,
    table: &TableRef,
    columns: &[String],
) -> Result<BTreeMap<String, Digest>, GuardError> {
    if columns.is_empty() {
        return Ok(BTreeMap::new());
    }
    let width = sql.digest("x").len();
    let select: Vec<String> = columns
        .iter()
        .flat_map(|c| sql.digest(&sql.quote(c)))
        .collect();
    let query = format!("SELECT {} FROM {}", select.join(", "), sql.table(table));
    let row = one_row(conn, &query, table)?;
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok((
                c.clone(),
                parse_digest(&row[i * width..(i + 1) * width], table)?,
            ))
        })
        .collect()
}

/// The columns that hold stored data, or `None` when the snapshot has no such table.
pub(crate) fn stored_columns(snapshot: &Snapshot, table: &TableRef) -> Option<Vec<String>> {
    let t = snapshot
        .schemas
        .get(&table.schema)?
        .tables
        .get(&table.name)?;
    Some(
        t.columns
            .iter()
            .filter(|c| c.generated.is_none())
            .map(|c| c.name.clone())
            .collect(),
    )
}

fn one_row(
    conn: &mut dyn Connection,
    query: &str,
    table: &TableRef,
) -> Result<Vec<Value>, GuardError> {
    let fail = |message: String| GuardError::Fingerprint {
        table: table.to_string(),
        source: keel_driver::DriverError::query(message, None),
    };
    let mut rows = conn
        .query(query, &[])
        .map_err(|source| GuardError::Fingerprint {
            table: table.to_string(),
            source,
        })?;
    if rows.len() != 1 {
        return Err(fail(format!("expected one row, got {}", rows.len())));
    }
    Ok(rows.remove(0))
}

fn count(row: &[Value], i: usize, table: &TableRef) -> Result<u64, GuardError> {
    row.get(i)
        .and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| GuardError::Fingerprint {
            table: table.to_string(),
            source: keel_driver::DriverError::query(
                format!("a count came back as {:?}", row.get(i)),
                None,
            ),
        })
}

fn parse_digest(values: &[Value], table: &TableRef) -> Result<Digest, GuardError> {
    Digest::parse(values).ok_or_else(|| GuardError::Fingerprint {
        table: table.to_string(),
        source: keel_driver::DriverError::query(
            format!("a content digest came back as {values:?}"),
            None,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_parse_from_numbers_and_colon_joined_text_and_subtract() {
        let a = Digest::parse(&[Value::Text("10:20".into())]).unwrap();
        let b = Digest::parse(&[Value::Int(4), Value::Text("5".into())]).unwrap();
        assert_eq!(a, Digest(vec![10, 20]));
        assert_eq!(a.minus(&b), Some(Digest(vec![6, 15])));
        assert_eq!(
            b.minus(&a),
            None,
            "more values after than before is not a removal"
        );
        assert_eq!(Digest::parse(&[Value::Text("x".into())]), None);
    }
}
