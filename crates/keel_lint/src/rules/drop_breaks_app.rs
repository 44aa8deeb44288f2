use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A view, function, procedure, type, domain, sequence or extension is dropped and not recreated.",
    what: "Reports DROP VIEW, MATERIALIZED VIEW, FUNCTION, PROCEDURE, TYPE, DOMAIN, SEQUENCE and \
           EXTENSION, unless the same migration creates an object of that kind and name (the \
           drop-and-recreate pattern). Tables, columns, schemas and databases are \
           `destructive-drop`.",
    why: "Application code that is still deployed calls the function, reads the view or uses the \
          type, and fails as soon as it is gone; with CASCADE the drop also takes every object \
          that depends on it, columns of that type included.",
    bad: "DROP VIEW active_users;",
    good: "-- recreated in the same migration:\nDROP VIEW active_users;\nCREATE VIEW active_users AS SELECT id, email FROM users WHERE active;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let ops = unit.up.ops();
        for op in ops {
            let OpKind::DropObject {
                object,
                name,
                cascade,
            } = &op.kind
            else {
                continue;
            };
            if matches!(object.as_str(), "SCHEMA" | "DATABASE") {
                continue;
            }
            let recreated = ops.iter().any(|o| {
                matches!(&o.kind, OpKind::CreateObject { object: k, name: n, .. } if k == object && n == name)
            });
            if recreated {
                continue;
            }
            let kind = object.to_lowercase();
            let cascade = if *cascade {
                ", and CASCADE drops everything that depends on it"
            } else {
                ""
            };
            sink.report(
                &unit.up.file,
                op.span,
                format!("this drops {kind} {name}: deployed code that still uses it breaks{cascade}"),
                "stop using it in the code first and deploy that; then drop it (and say so with `-- keel:ignore drop-breaks-app`)",
            );
        }
    }
}
