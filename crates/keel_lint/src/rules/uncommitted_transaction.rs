use crate::engine::{Run, Sink};
use crate::ir::{OpKind, Span, TxKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A BEGIN with no COMMIT after it.",
    what: "Reports a BEGIN / START TRANSACTION that no COMMIT or ROLLBACK follows in a script \
           that keel does not wrap in a transaction itself (MySQL, and `-- keel:no-transaction` \
           scripts elsewhere).",
    why: "The transaction is still open when the script ends: the connection closes and the \
          engine rolls its changes back, while the migration is recorded as applied.",
    bad: "-- keel:no-transaction\nBEGIN;\nUPDATE plans SET price = price * 2;",
    good: "-- keel:no-transaction\nBEGIN;\nUPDATE plans SET price = price * 2;\nCOMMIT;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        if unit.up.in_keel_transaction(&run.facts) {
            continue;
        }
        let mut open: Option<Span> = None;
        for op in unit.up.ops() {
            match op.kind {
                OpKind::Transaction(TxKind::Begin) => open = open.or(Some(op.span)),
                OpKind::Transaction(_) => open = None,
                _ => {}
            }
        }
        if let Some(span) = open {
            sink.report(
                &unit.up.file,
                span,
                "this transaction is never committed: its changes are rolled back when the script ends",
                "end it with COMMIT",
            );
        }
    }
}
