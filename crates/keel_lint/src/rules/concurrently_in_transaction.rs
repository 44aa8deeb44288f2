use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{OpKind, TxKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "CONCURRENTLY inside a transaction.",
    what: "On PostgreSQL, reports CREATE / DROP INDEX CONCURRENTLY, REINDEX … CONCURRENTLY and \
           DETACH PARTITION … CONCURRENTLY in a script that runs in a \
           transaction: keel wraps each migration in one unless its first lines say \
           `-- keel:no-transaction`, and an explicit BEGIN opens one too.",
    why: "PostgreSQL refuses to run CONCURRENTLY inside a transaction block: the migration fails.",
    bad: "CREATE INDEX CONCURRENTLY photos_owner_id ON photos (owner_id);",
    good: "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY photos_owner_id ON photos (owner_id);",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let mut in_block = false;
        for op in unit.up.ops() {
            match &op.kind {
                OpKind::Transaction(TxKind::Begin) => in_block = true,
                OpKind::Transaction(_) => in_block = false,
                OpKind::CreateIndex {
                    concurrently: true, ..
                }
                | OpKind::DropIndex {
                    concurrently: true, ..
                }
                | OpKind::Reindex {
                    concurrently: true, ..
                }
                | OpKind::DetachPartition {
                    concurrently: true, ..
                } if in_block || !unit.up.no_transaction => {
                    sink.report(
                        &unit.up.file,
                        op.span,
                        "CONCURRENTLY cannot run inside a transaction, and this script runs in one",
                        "start the migration with `-- keel:no-transaction` and remove BEGIN/COMMIT",
                    );
                }
                _ => {}
            }
        }
    }
}
