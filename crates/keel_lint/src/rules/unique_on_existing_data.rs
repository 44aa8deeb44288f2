use crate::engine::{Run, Sink};
use crate::ir::{ConstraintKind, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A unique index or constraint is added to a table that already has rows.",
    what: "Reports CREATE UNIQUE INDEX and ADD UNIQUE / PRIMARY KEY on tables the migration did not \
           create.",
    why: "If the existing rows hold duplicates, the migration fails in production although it \
          passed on an empty development database.",
    bad: "CREATE UNIQUE INDEX api_keys_name ON api_keys (account_id, name);",
    good: "-- check first: SELECT account_id, name FROM api_keys GROUP BY 1, 2 HAVING count(*) > 1;\n-- keel:ignore unique-on-existing-data\nCREATE UNIQUE INDEX api_keys_name ON api_keys (account_id, name);",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let table = match &op.kind {
            OpKind::CreateIndex {
                table,
                unique: true,
                ..
            } => table,
            OpKind::AddConstraint {
                table,
                kind: ConstraintKind::Unique | ConstraintKind::PrimaryKey,
                ..
            } => table,
            _ => continue,
        };
        if unit.creates(table) {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("a unique index on existing table {table} fails if its rows hold duplicates"),
            "query for duplicates first (GROUP BY … HAVING count(*) > 1) and clean them in an earlier migration",
        );
    }
}
