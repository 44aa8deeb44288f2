use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A NOT NULL column becomes nullable while deployed code may assume it never is (opt-in).",
    what: "Reports ALTER COLUMN … DROP NOT NULL (and any other change the operations show as \
           making a column nullable) on a table the migration did not create. Opt-in: making a \
           column nullable is also the first, deliberate step of removing it (expand and \
           contract), so enable the rule where readers are known to assume a value.",
    why: "Once rows with NULL exist, code that reads the column and never expected NULL \
          crashes or misbehaves, and so does the previous release after a code rollback.",
    bad: "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
    good: "-- first deploy code that handles a missing email everywhere; then:\n-- keel:ignore drop-not-null\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::SetNullability {
            table,
            column,
            not_null: false,
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
            format!("{table}.{column} may hold NULL from now on: code that reads it may not expect that"),
            "make every reader handle NULL first and deploy that; then drop NOT NULL and say so with `-- keel:ignore drop-not-null`",
        );
    }
}
