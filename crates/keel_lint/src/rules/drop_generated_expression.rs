use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{GenerationChange, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A generated column becomes an ordinary column (DROP EXPRESSION).",
    what: "On PostgreSQL (13+), reports ALTER COLUMN … DROP EXPRESSION on a table the migration \
           did not create.",
    why: "The column keeps its current values but nothing computes it any more: rows written \
          from now on get NULL (or its default) unless every writer sets it, and deployed code \
          never does, since it could not write a generated column. Readers then see stale or \
          missing values, and a code rollback does not bring the expression back.",
    bad: "ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
    good: "-- first deploy code that writes line_items.total itself; then, in a later migration:\n-- keel:ignore drop-generated-expression\nALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::ColumnGeneration {
            table,
            column,
            change: GenerationChange::DropExpression,
        } = &op.kind
        else {
            continue;
        };
        if unit.creates(table) {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("{table}.{column} stops being generated: new rows get no value unless the code writes one"),
            "deploy code that writes the column itself first; then drop the expression and say so with `-- keel:ignore drop-generated-expression`",
        );
    }
}
