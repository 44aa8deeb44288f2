use std::collections::HashMap;

use crate::engine::{Run, Sink};
use crate::ir::{ForeignKey, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A foreign key's columns have no index.",
    what: "Reports foreign keys whose columns are not the leading columns of a primary key, unique \
           constraint or index on the same table anywhere in the migrations. Quiet on MySQL, where \
           InnoDB creates that index itself.",
    why: "Every DELETE or key UPDATE on the referenced table scans the referencing table to check \
          the constraint (and to cascade), and joins along the key are slow.",
    bad: "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id));",
    good: "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id));\nCREATE INDEX comments_post_id ON comments (post_id);",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    if run.facts.indexes_foreign_keys {
        return;
    }
    // Index column lists by table, so each foreign key looks at its own table's only.
    let mut indexes: HashMap<&str, Vec<&[String]>> = HashMap::new();
    for (_, op) in super::up_ops(run) {
        match &op.kind {
            OpKind::CreateIndex { table, columns, .. }
            | OpKind::AddConstraint { table, columns, .. } => {
                indexes.entry(table).or_default().push(columns);
            }
            OpKind::CreateTable { table, indexed, .. } => {
                indexes
                    .entry(table)
                    .or_default()
                    .extend(indexed.iter().map(Vec::as_slice));
            }
            _ => {}
        }
    }
    let covered = |table: &str, fk: &ForeignKey| {
        indexes.get(table).is_some_and(|list| {
            list.iter().any(|cols| {
                cols.len() >= fk.columns.len() && cols[..fk.columns.len()] == fk.columns[..]
            })
        })
    };
    for (unit, op) in super::up_ops(run) {
        let (table, fks): (&str, Vec<&ForeignKey>) = match &op.kind {
            OpKind::CreateTable {
                table,
                foreign_keys,
                ..
            } => (table, foreign_keys.iter().collect()),
            OpKind::AddColumn {
                table,
                foreign_key: Some(fk),
                ..
            } => (table, vec![fk]),
            OpKind::AddForeignKey {
                table, foreign_key, ..
            } => (table, vec![foreign_key]),
            _ => continue,
        };
        for fk in fks {
            if fk.columns.is_empty() || covered(table, fk) {
                continue;
            }
            let cols = fk.columns.join(", ");
            sink.report(
                &unit.up.file,
                op.span,
                format!(
                    "foreign key {table} ({cols}) → {} has no index",
                    fk.ref_table
                ),
                format!(
                    "add `CREATE INDEX {table}_{}_idx ON {table} ({cols});`",
                    fk.columns.join("_")
                ),
            );
        }
    }
}
