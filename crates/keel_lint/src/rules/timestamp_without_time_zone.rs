use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A PostgreSQL column of type timestamp without time zone.",
    what: "On PostgreSQL, reports columns declared `timestamp` (which means without time zone) in \
           CREATE TABLE, ADD COLUMN and type changes.",
    why: "The value carries no offset: the same instant is stored differently depending on the \
          session's time zone, and comparisons across zones go wrong. `timestamptz` stores an \
          instant.",
    bad: "ALTER TABLE posts ADD COLUMN published_at timestamp;",
    good: "ALTER TABLE posts ADD COLUMN published_at timestamptz;",
    dialects: &[Dialect::Postgres],
};

fn naive(t: &str) -> bool {
    t.starts_with("timestamp") && !t.starts_with("timestamptz") && !t.contains("with time zone")
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        super::each_column_type(&op.kind, |table, column, ty| {
            if naive(ty) {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("{table}.{column} is `{ty}`, which stores no time zone"),
                    "use timestamptz",
                );
            }
        });
    }
}
