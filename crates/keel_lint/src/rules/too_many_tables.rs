use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "One migration changes more than two tables.",
    what: "Counts the tables a migration's up script creates, alters, drops, renames or writes, \
           and reports the statement that brings the count above two.",
    why: "Large migrations are hard to review, to roll back and to reconstruct when lost: one \
          change per migration keeps each step small and undoable.",
    bad: "CREATE TABLE roles (id INTEGER PRIMARY KEY);\nCREATE TABLE permissions (id INTEGER PRIMARY KEY);\nCREATE TABLE role_permissions (role_id INTEGER, permission_id INTEGER);",
    good: "-- 0005_create_roles.up.sql\nCREATE TABLE roles (id INTEGER PRIMARY KEY);\n-- 0006_create_permissions.up.sql, 0007_create_role_permissions.up.sql: one each",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let mut seen: Vec<&str> = Vec::new();
        for op in unit.up.ops() {
            for t in op.kind.tables() {
                if t.is_empty() || seen.contains(&t) {
                    continue;
                }
                seen.push(t);
                if seen.len() == 3 {
                    sink.report(
                        &unit.up.file,
                        op.span,
                        format!(
                            "this migration touches more than two tables ({})",
                            seen.join(", ")
                        ),
                        "split it into one migration per table",
                    );
                }
            }
        }
    }
}
