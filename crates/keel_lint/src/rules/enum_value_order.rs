use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "ALTER TYPE … ADD VALUE without BEFORE or AFTER puts the value last (opt-in).",
    what: "On PostgreSQL, reports ALTER TYPE … ADD VALUE without BEFORE or AFTER on an enum \
           the migration did not create. Opt-in: appending is what most enums want; enable the \
           rule when the order of enum values carries meaning.",
    why: "Enum values sort in declaration order, so `ORDER BY status` and comparisons such as \
          `status < 'approved'` use it. A value that belongs in the middle of a workflow but \
          goes last changes what those queries return.",
    bad: "ALTER TYPE order_status ADD VALUE 'in_review';",
    good: "ALTER TYPE order_status ADD VALUE 'in_review' AFTER 'submitted';",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let ops = unit.up.ops();
        for op in ops {
            let OpKind::AddEnumValue {
                type_name,
                value,
                positioned: false,
            } = &op.kind
            else {
                continue;
            };
            let created_here = ops.iter().any(|o| {
                matches!(&o.kind, OpKind::CreateObject { object, name, .. } if object == "TYPE" && name == type_name)
            });
            if created_here {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!("'{value}' is added after every other value of enum {type_name}, and sorts last"),
                "say where it belongs: ADD VALUE … BEFORE 'x' or AFTER 'x'",
            );
        }
    }
}
