use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A PostgreSQL column of type timestamp without time zone.",
    what: "On PostgreSQL, reports columns declared `timestamp` (which means without time zone) in \
           CREATE TABLE, ADD COLUMN and type changes.",
    why: "The value carries no offset: the same instant is stored differently depending on the \
          session's time zone, and comparisons across zones go wrong. `timestamptz` stores an \
          instant.",
    bad: "ALTER TABLE posts ADD COLUMN published_at timestamp;",
    good: "ALTER TABLE posts ADD COLUMN published_at timestamptz;",
    dialects: &[Dialect::Postgres],
};

fn naive(t: &str) -> bool {
    t.starts_with("timestamp") && !t.starts_with("timestamptz") && !t.contains("with time zone")
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let columns: Vec<(&str, &str, &str)> = match &op.kind {
            OpKind::CreateTable { table, columns, .. } => columns
                .iter()
                .map(|c| (table.as_str(), c.name.as_str(), c.data_type.as_str()))
                .collect(),
            OpKind::AddColumn { table, column, .. } => {
                vec![(table, column.name.as_str(), column.data_type.as_str())]
            }
            OpKind::AlterColumnType {
                table,
                column,
                new_type,
            } => vec![(table, column, new_type)],
            _ => continue,
        };
        for (table, column, ty) in columns {
            if naive(ty) {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("{table}.{column} is `{ty}`, which stores no time zone"),
                    "use timestamptz",
                );
            }
        }
    }
}
