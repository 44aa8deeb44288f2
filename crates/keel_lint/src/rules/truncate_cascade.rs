use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{DataVerb, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "TRUNCATE … CASCADE.",
    what: "On PostgreSQL, reports TRUNCATE with CASCADE.",
    why: "CASCADE also empties every table whose foreign keys reference the truncated one, and \
          the tables that reference those, without naming any of them: one line can wipe most \
          of the database.",
    bad: "TRUNCATE accounts CASCADE;",
    good: "-- name every table that is emptied\nTRUNCATE sessions, accounts;",
    dialects: &[Dialect::Postgres],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        if let OpKind::Data {
            verb: DataVerb::Truncate { cascade: true },
            writes,
            ..
        } = &op.kind
        {
            sink.report(
                &unit.up.file,
                op.span,
                format!("TRUNCATE {writes} CASCADE also empties every table that references {writes}, unnamed"),
                "list the tables to empty explicitly, without CASCADE",
            );
        }
    }
}
