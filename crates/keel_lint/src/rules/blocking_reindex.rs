use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL REINDEX without CONCURRENTLY.",
    what: "On PostgreSQL, reports REINDEX without CONCURRENTLY.",
    why: "A plain REINDEX blocks writes to the table (and reads that would use the index) until \
          every index is rebuilt, which takes minutes on a large table. REINDEX CONCURRENTLY \
          (PostgreSQL 12+) rebuilds without blocking them.",
    bad: "REINDEX INDEX photos_owner_id;",
    good: "-- keel:no-transaction\nREINDEX INDEX CONCURRENTLY photos_owner_id;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        if let OpKind::Reindex {
            target,
            concurrently: false,
        } = &op.kind
        {
            sink.report(
                &unit.up.file,
                op.span,
                format!("REINDEX {target} blocks writes until every index is rebuilt"),
                "use REINDEX … CONCURRENTLY in a migration that starts with `-- keel:no-transaction`",
            );
        }
    }
}
