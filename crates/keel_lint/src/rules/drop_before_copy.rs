use std::collections::HashMap;

use crate::engine::{Run, Sink};
use crate::ir::{OpKind, Span};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column or table is dropped before its data is copied out.",
    what: "Follows the migrations in order and reports a DROP TABLE or DROP COLUMN when a later \
           statement (in the same migration or a later one) still reads that table or column, \
           for example to copy its values into a new table. Creating, renaming into or re-adding \
           the name in between ends the tracking, so SQLite's rebuild pattern (create new → copy \
           → drop old → rename) is fine.",
    why: "The copy runs against data that no longer exists: it fails, or copies nothing, and the \
          values are gone. This is how a photos → posts migration once lost every caption.",
    bad: "ALTER TABLE photos DROP COLUMN caption;\nINSERT INTO posts (photo_id, body) SELECT id, caption FROM photos;",
    good: "INSERT INTO posts (photo_id, body) SELECT id, caption FROM photos;\nALTER TABLE photos DROP COLUMN caption;",
    dialects: &[],
};

struct Dropped<'a> {
    column: Option<String>,
    file: &'a str,
    span: Span,
}

/// Drops not yet followed by a re-creation, by table. Keyed by table so that each statement
/// looks only at the drops of the tables it reads (the corpus of a large project holds
/// thousands of drops and thousands of data statements).
type DroppedByTable<'a> = HashMap<String, Vec<Dropped<'a>>>;

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let mut dropped: DroppedByTable<'_> = HashMap::new();
    for (unit, op) in super::up_ops(run) {
        match &op.kind {
            OpKind::DropTable { table, .. } => {
                dropped.entry(table.clone()).or_default().push(Dropped {
                    column: None,
                    file: &unit.up.file,
                    span: op.span,
                });
            }
            OpKind::DropColumn { table, column, .. } => {
                dropped.entry(table.clone()).or_default().push(Dropped {
                    column: Some(column.clone()),
                    file: &unit.up.file,
                    span: op.span,
                });
            }
            OpKind::CreateTable { table, reads, .. } => {
                fire(
                    &mut dropped,
                    reads,
                    &["*".to_string()],
                    &unit.up.file,
                    op.span,
                    sink,
                );
                dropped.remove(table);
            }
            OpKind::RenameTable { to, .. } => {
                dropped.remove(to);
            }
            OpKind::AddColumn { table, column, .. } => {
                if let Some(list) = dropped.get_mut(table) {
                    list.retain(|d| d.column.as_deref() != Some(&column.name));
                }
            }
            OpKind::Data {
                reads,
                read_columns,
                ..
            } => fire(
                &mut dropped,
                reads,
                read_columns,
                &unit.up.file,
                op.span,
                sink,
            ),
            _ => {}
        }
    }
}

fn fire(
    dropped: &mut DroppedByTable<'_>,
    reads: &[String],
    read_columns: &[String],
    file: &str,
    at: Span,
    sink: &mut Sink<'_>,
) {
    for table in reads {
        let Some(list) = dropped.get_mut(table) else {
            continue;
        };
        list.retain(|d| {
            let what = match &d.column {
                None => format!("table {table}"),
                Some(c) if read_columns.iter().any(|r| r == c || r == "*") => {
                    format!("column {table}.{c}")
                }
                Some(_) => return true,
            };
            sink.report(
                d.file,
                d.span,
                format!(
                    "{what} is dropped here, but {file}:{} still reads it afterwards: its data is lost before it is copied",
                    at.line
                ),
                "copy the data first, then drop: create → copy → drop",
            );
            false
        });
    }
}
