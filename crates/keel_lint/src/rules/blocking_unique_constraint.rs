use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{ConstraintKind, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL ADD PRIMARY KEY / UNIQUE that builds its index under an exclusive lock.",
    what: "On PostgreSQL, reports ALTER TABLE … ADD PRIMARY KEY and ADD UNIQUE on a table the \
           migration did not create, unless the constraint takes over an existing index (`USING \
           INDEX`).",
    why: "The constraint's index is built while the table holds an ACCESS EXCLUSIVE lock: reads \
          and writes wait for the whole build. Building the index CONCURRENTLY first and then \
          attaching it with USING INDEX takes the lock only for a moment.",
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
    good: "-- 0007 (starts with -- keel:no-transaction):\nCREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);\n-- 0008:\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let (table, what) = match &op.kind {
            OpKind::AddConstraint {
                table,
                kind: ConstraintKind::Unique,
                ..
            } => (table, "UNIQUE constraint"),
            OpKind::AddConstraint {
                table,
                kind: ConstraintKind::PrimaryKey,
                ..
            } => (table, "PRIMARY KEY"),
            _ => continue,
        };
        if unit.creates(table) {
            continue;
        }
        sink.report(
            &unit.up.file,
            op.span,
            format!("this {what} builds its index while {table} is locked against reads and writes"),
            "build the index with CREATE UNIQUE INDEX CONCURRENTLY first, then add the constraint `USING INDEX`",
        );
    }
}
