use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column's DEFAULT is dropped while deployed code may still rely on it.",
    what: "Reports ALTER COLUMN … DROP DEFAULT on a table the migration did not create.",
    why: "Code that is still running inserts rows without that column and counts on the \
          default to fill it. Without it, each such insert fails on a NOT NULL column, or \
          quietly stores NULL on a nullable one. Rolling the code back does not bring the \
          default back.",
    bad: "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
    good: "-- first deploy code that always writes orders.status; then, in a later migration:\n-- keel:ignore drop-default\nALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::SetDefault {
            table,
            column,
            default: None,
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
            format!("dropping the default of {table}.{column}: inserts that leave the column out now fail (NOT NULL) or store NULL"),
            "deploy code that always writes the column first; then drop the default and say so with `-- keel:ignore drop-default`",
        );
    }
}
