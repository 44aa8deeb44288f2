use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A table, column, view, function, type or sequence that application code uses is renamed.",
    what: "Reports RENAME of a table or column the migration did not create (SQLite's rebuild \
           pattern, which renames a new table into place, is fine), and on PostgreSQL ALTER \
           VIEW / MATERIALIZED VIEW / FUNCTION / PROCEDURE / TYPE / DOMAIN / SEQUENCE / SCHEMA \
           … RENAME TO, SET SCHEMA (which moves the object to another name) and ALTER TYPE … \
           RENAME VALUE (an enum value that stored rows and code compare against).",
    why: "Between the migration and the deploy of the new code, the running application still \
          uses the old name and fails. A rollback of the code alone does not bring the name \
          back.",
    bad: "ALTER TABLE sessions RENAME COLUMN ip_address TO ip;",
    good: "-- expand: add the new column and keep both in sync until all code uses it\nALTER TABLE sessions ADD COLUMN ip TEXT;\nUPDATE sessions SET ip = ip_address;\n-- contract, in a later migration: drop ip_address",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let (table, message) = match &op.kind {
            OpKind::RenameTable { from, to } => (from, format!("table {from} is renamed to {to}")),
            OpKind::RenameColumn { table, from, to } => {
                (table, format!("column {table}.{from} is renamed to {to}"))
            }
            OpKind::RenameObject { object, from, to } => {
                let kind = object.to_lowercase();
                (from, format!("{kind} {from} is renamed to {to}"))
            }
            _ => continue,
        };
        let created_here = unit.creates(table)
            || unit
                .up
                .ops()
                .iter()
                .any(|o| matches!(&o.kind, OpKind::CreateObject { name, .. } if name == table));
        if created_here {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("{message}: code still running with the old name breaks"),
            "expand and contract: add the new name, keep both in sync, switch the code, then drop the old name",
        );
    }
}
