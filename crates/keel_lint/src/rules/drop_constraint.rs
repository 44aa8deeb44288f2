use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A constraint (foreign key, CHECK, UNIQUE, primary key) is dropped for good (opt-in).",
    what: "Reports ALTER TABLE … DROP CONSTRAINT (MySQL: DROP FOREIGN KEY) on a table the \
           migration did not create, unless the same migration adds a constraint of the same \
           name to that table again (the replace-a-constraint pattern). Opt-in: dropping a \
           constraint is often the point of the migration; enable the rule to have each one \
           looked at.",
    why: "The database stops enforcing something the code, the reports and the other data may \
          rely on: orphaned rows, duplicates or out-of-range values can come in from then on, \
          and they stay after a rollback.",
    bad: "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;",
    good: "-- replaced in the same migration (here: a new ON DELETE rule):\nALTER TABLE orders DROP CONSTRAINT orders_customer_fk,\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE NOT VALID;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let ops = unit.up.ops();
        for op in ops {
            let OpKind::DropConstraint { table, name } = &op.kind else {
                continue;
            };
            if unit.creates(table) {
                continue;
            }
            let re_added = ops.iter().any(|o| match &o.kind {
                OpKind::AddConstraint {
                    table: t,
                    name: Some(n),
                    ..
                }
                | OpKind::AddForeignKey {
                    table: t,
                    name: Some(n),
                    ..
                } => t == table && n == name,
                _ => false,
            });
            if re_added {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!("dropping constraint {name} removes a guarantee on {table} that code and data may rely on"),
                "make sure nothing relies on it any more, then say so with `-- keel:ignore drop-constraint`",
            );
        }
    }
}
