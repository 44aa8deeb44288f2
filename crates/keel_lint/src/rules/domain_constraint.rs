use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "CREATE DOMAIN with a CHECK constraint, which is hard to change later (opt-in).",
    what: "On PostgreSQL, reports CREATE DOMAIN … CHECK (…). Opt-in: the domain itself is fine \
           today; the rule is about the migrations that will have to change it.",
    why: "A domain's CHECK applies to every column of every table that uses the domain. \
          Changing it later means ALTER DOMAIN … ADD CONSTRAINT, which checks all those \
          columns while blocking writes to their tables (unless added NOT VALID and validated \
          separately), and a domain constraint cannot be swapped in one step the way a table's \
          CHECK can. CHECK constraints on the columns keep each change to one table.",
    bad: "CREATE DOMAIN price AS numeric(12,2) CHECK (VALUE >= 0);",
    good: "ALTER TABLE products ADD COLUMN price numeric(12,2) CONSTRAINT products_price_positive CHECK (price >= 0);",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let OpKind::CreateObject {
            object,
            name,
            checked: true,
        } = &op.kind
        else {
            continue;
        };
        if object != "DOMAIN" {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("domain {name} has a CHECK constraint: changing it later checks every column that uses {name}, in every table, under lock"),
            "put the CHECK on the columns (a table constraint) instead of on the domain",
        );
    }
}
