use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL DROP INDEX without CONCURRENTLY.",
    what: "On PostgreSQL, reports DROP INDEX without CONCURRENTLY, except for an index the same \
           migration created.",
    why: "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: every read and \
          write waits, and so does everything queued behind the DROP while it waits for running \
          queries to finish.",
    bad: "DROP INDEX photos_owner_id;",
    good: "-- keel:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS photos_owner_id;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let ops = unit.up.ops();
        for (i, op) in ops.iter().enumerate() {
            let OpKind::DropIndex {
                name,
                concurrently: false,
                ..
            } = &op.kind
            else {
                continue;
            };
            let created_here = ops[..i]
                .iter()
                .any(|o| matches!(&o.kind, OpKind::CreateIndex { name: Some(n), .. } if n == name));
            if created_here {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!("dropping index {name} locks its table against reads and writes"),
                "use DROP INDEX CONCURRENTLY in a migration that starts with `-- keel:no-transaction`",
            );
        }
    }
}
