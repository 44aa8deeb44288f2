use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A NOT NULL column without a default is added to an existing table.",
    what: "Reports ADD COLUMN … NOT NULL with no DEFAULT (and not generated) on a table the \
           migration did not create.",
    why: "Existing rows have no value for the column: SQLite refuses the statement, PostgreSQL \
          fails as soon as the table has a row, and MySQL silently fills in zero values. Old \
          application code that inserts rows without the column also starts failing.",
    bad: "ALTER TABLE users ADD COLUMN locale TEXT NOT NULL;",
    good: "ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::AddColumn { table, column, .. } = &op.kind else {
            continue;
        };
        if !column.not_null || column.default.is_some() || column.generated || unit.creates(table) {
            continue;
        }
        let effect = match run.facts.dialect {
            Dialect::Sqlite => "SQLite refuses to add it",
            Dialect::Postgres => "PostgreSQL fails as soon as the table has a row",
            Dialect::Mysql => "MySQL silently fills existing rows with a zero value",
        };
        sink.report(
            &unit.up.file,
            op.span,
            format!(
                "column {table}.{} is NOT NULL without a default: {effect}",
                column.name
            ),
            "add a DEFAULT, or add the column nullable, backfill it, then make it NOT NULL",
        );
    }
}
