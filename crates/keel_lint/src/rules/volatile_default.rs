use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column with a volatile default is added to an existing table.",
    what: "On PostgreSQL, reports ADD COLUMN whose DEFAULT calls a volatile function (random(), \
           gen_random_uuid(), clock_timestamp(), nextval(), …) on a table the migration did not \
           create.",
    why: "Since PostgreSQL 11 a constant default is stored once and costs nothing, but a volatile \
          one must be computed for every existing row: the table is rewritten under an ACCESS \
          EXCLUSIVE lock.",
    bad: "ALTER TABLE users ADD COLUMN public_id uuid DEFAULT gen_random_uuid();",
    good: "ALTER TABLE users ADD COLUMN public_id uuid;\n-- backfill in batches in a later migration, then:\nALTER TABLE users ALTER COLUMN public_id SET DEFAULT gen_random_uuid();",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::AddColumn { table, column, .. } = &op.kind else {
            continue;
        };
        if !column.volatile_default || unit.creates(table) {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!(
                "the default {} of {table}.{} is volatile: every existing row is rewritten",
                column.default.as_deref().unwrap_or(""),
                column.name
            ),
            "add the column without a default, backfill it in batches, then SET DEFAULT",
        );
    }
}
