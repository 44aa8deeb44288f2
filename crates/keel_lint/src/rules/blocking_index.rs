use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL CREATE INDEX without CONCURRENTLY on an existing table.",
    what: "On PostgreSQL, reports CREATE INDEX without CONCURRENTLY on a table the migration did not \
           create.",
    why: "A plain CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and \
          DELETE on the table waits, for minutes on a large table.",
    bad: "CREATE INDEX photos_owner_id ON photos (owner_id);",
    good: "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS photos_owner_id ON photos (owner_id);",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        if let OpKind::CreateIndex {
            table,
            concurrently: false,
            ..
        } = &op.kind
        {
            if unit.creates(table) {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!("this index build blocks writes to {table} until it finishes"),
                "use CREATE INDEX CONCURRENTLY in a migration that starts with `-- keel:no-transaction`",
            );
        }
    }
}
