use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{ConstraintKind, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A foreign key or CHECK is added to an existing table (or a domain) without NOT VALID.",
    what: "On PostgreSQL, reports ADD FOREIGN KEY and ADD CHECK without NOT VALID on a table the \
           migration did not create, and ALTER DOMAIN … ADD CONSTRAINT without NOT VALID.",
    why: "Validating the constraint scans the whole table while blocking writes — for a foreign \
          key, on both tables; for a domain, every column of every table that uses it.",
    bad: "ALTER TABLE photos ADD CONSTRAINT photos_album_fk FOREIGN KEY (album_id) REFERENCES albums (id);",
    good: "ALTER TABLE photos ADD CONSTRAINT photos_album_fk FOREIGN KEY (album_id) REFERENCES albums (id) NOT VALID;\n-- in a later migration:\nALTER TABLE photos VALIDATE CONSTRAINT photos_album_fk;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let (table, what) = match &op.kind {
            OpKind::AddForeignKey {
                table,
                not_valid: false,
                ..
            } => (table, "foreign key"),
            OpKind::AddConstraint {
                table,
                kind: ConstraintKind::Check,
                not_valid: false,
                ..
            } => (table, "CHECK constraint"),
            OpKind::DomainConstraint {
                domain,
                not_valid: false,
            } => {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("adding this constraint to domain {domain} scans every column that uses it while blocking writes"),
                    "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration",
                );
                continue;
            }
            _ => continue,
        };
        if unit.creates(table) {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("adding this {what} to {table} scans it while blocking writes"),
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration",
        );
    }
}
