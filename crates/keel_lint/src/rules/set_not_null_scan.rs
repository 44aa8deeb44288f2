use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "SET NOT NULL scans an existing table under an exclusive lock.",
    what: "On PostgreSQL, reports ALTER COLUMN … SET NOT NULL on a table the migration did not \
           create.",
    why: "PostgreSQL checks every row while holding an ACCESS EXCLUSIVE lock: nothing can read or \
          write the table during the scan.",
    bad: "ALTER TABLE invoices ALTER COLUMN currency SET NOT NULL;",
    good: "ALTER TABLE invoices ADD CONSTRAINT invoices_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;\n-- in a later migration:\nALTER TABLE invoices VALIDATE CONSTRAINT invoices_currency_not_null;\nALTER TABLE invoices ALTER COLUMN currency SET NOT NULL;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::SetNullability {
            table,
            column,
            not_null: true,
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
            format!("SET NOT NULL on {table}.{column} scans the table under an ACCESS EXCLUSIVE lock"),
            "add a CHECK (… IS NOT NULL) NOT VALID constraint, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ skips the scan)",
        );
    }
}
