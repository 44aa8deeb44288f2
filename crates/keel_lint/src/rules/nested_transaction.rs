use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{OpKind, TxKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "BEGIN / COMMIT / ROLLBACK in a migration that keel already runs in a transaction.",
    what: "On PostgreSQL and SQLite, keel runs each migration in its own transaction (with the \
           history row) unless its first lines say `-- keel:no-transaction`. Reports BEGIN, \
           COMMIT and ROLLBACK in such a migration, and a BEGIN inside an open BEGIN in one that \
           manages its own transactions.",
    why: "SQLite refuses a BEGIN inside a transaction, so the migration fails. PostgreSQL only \
          warns on the BEGIN, but the COMMIT then commits keel's transaction half way: the rest \
          of the migration and its history row are no longer applied all-or-nothing, and a \
          failure leaves the migration half-applied.",
    bad: "BEGIN;\nALTER TABLE photos ADD COLUMN caption text;\nCOMMIT;",
    good: "ALTER TABLE photos ADD COLUMN caption text;",
    dialects: &[Dialect::Postgres, Dialect::Sqlite],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let wrapped = unit.up.in_keel_transaction(&run.facts);
        let mut open = false;
        for op in unit.up.ops() {
            let OpKind::Transaction(kind) = op.kind else {
                continue;
            };
            let word = match kind {
                TxKind::Begin => "BEGIN",
                TxKind::Commit => "COMMIT",
                TxKind::Rollback => "ROLLBACK",
            };
            if wrapped {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("keel already runs this migration in a transaction: this {word} breaks its all-or-nothing run"),
                    "remove BEGIN/COMMIT (keel wraps the migration), or start the file with `-- keel:no-transaction` to manage transactions yourself",
                );
            } else if kind == TxKind::Begin && open {
                sink.report(
                    &unit.up.file,
                    op.span,
                    "BEGIN inside a transaction that is still open: there are no nested transactions",
                    "COMMIT the first transaction before starting the next, or use SAVEPOINT",
                );
            }
            open = kind == TxKind::Begin;
        }
    }
}
