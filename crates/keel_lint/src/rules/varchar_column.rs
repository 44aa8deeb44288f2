use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A PostgreSQL varchar(n) column, whose limit is costly to change (opt-in).",
    what: "On PostgreSQL, reports columns created, added or changed to varchar(n) or character \
           varying(n); varchar without a length and text are fine. Opt-in: a length limit is \
           sometimes a real rule of the data, and this is a choice of style.",
    why: "varchar(n) is stored exactly like text, so the limit buys no space or speed. Raising \
          it later takes an ACCESS EXCLUSIVE lock on the table (no rewrite since PostgreSQL \
          9.2, but every read and write waits behind the lock), and lowering it rewrites the \
          table. A CHECK constraint on the length can be replaced with NOT VALID and validated \
          without blocking.",
    bad: "ALTER TABLE users ADD COLUMN nickname varchar(30);",
    good: "ALTER TABLE users ADD COLUMN nickname text CONSTRAINT users_nickname_length CHECK (length(nickname) <= 30);",
    dialects: &[Dialect::Postgres],
};

fn is_limited_varchar(data_type: &str) -> bool {
    let t = data_type.trim();
    let rest = t
        .strip_prefix("character varying")
        .or_else(|| t.strip_prefix("varchar"));
    rest.is_some_and(|r| r.trim_start().starts_with('('))
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        super::each_column_type(&op.kind, |table, column, data_type| {
            if is_limited_varchar(data_type) {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("{table}.{column} is {data_type}: raising its limit later locks {table} against reads and writes"),
                    "use text, with a CHECK (length(…) <= n) constraint if the limit matters",
                );
            }
        });
    }
}
