use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL DETACH PARTITION without CONCURRENTLY.",
    what: "On PostgreSQL, reports ALTER TABLE … DETACH PARTITION without CONCURRENTLY on a table \
           the migration did not create.",
    why: "A plain DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: every \
          query on any partition waits. DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) only \
          takes a SHARE UPDATE EXCLUSIVE lock.",
    bad: "ALTER TABLE events DETACH PARTITION events_2020;",
    good: "-- keel:no-transaction\nALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        if let OpKind::DetachPartition {
            table,
            partition,
            concurrently: false,
        } = &op.kind
        {
            if unit.creates(table) {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!("detaching {partition} locks all of {table} against reads and writes"),
                "use DETACH PARTITION … CONCURRENTLY in a migration that starts with `-- keel:no-transaction`",
            );
        }
    }
}
