use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column of a 16-bit (or MySQL 8- or 24-bit) integer type (opt-in).",
    what: "On PostgreSQL and MySQL, reports columns created, added or changed to smallint, \
           int2, smallserial or serial2, and on MySQL also tinyint and mediumint (tinyint(1), \
           MySQL's boolean, excepted). Opt-in: a small integer is often a deliberate choice \
           for a bounded value; `small-integer-key` already reports 32-bit keys by default. \
           (SQLite stores every integer in up to 64 bits.)",
    why: "Values run out quickly (32,767 for smallint, 127 for tinyint) and the insert that \
          crosses the limit fails; widening the column later rewrites the table under an \
          exclusive lock. The space saved is small, and often lost to alignment padding on \
          PostgreSQL anyway.",
    bad: "ALTER TABLE products ADD COLUMN stock smallint NOT NULL DEFAULT 0;",
    good: "ALTER TABLE products ADD COLUMN stock bigint NOT NULL DEFAULT 0;",
    dialects: &[Dialect::Postgres, Dialect::Mysql],
};

/// Whether a type is a small integer on `dialect`, by its first word.
fn is_small(data_type: &str, dialect: Dialect) -> bool {
    let word: String = data_type
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    match word.as_str() {
        "smallint" | "int2" | "smallserial" | "serial2" => true,
        "tinyint" => dialect == Dialect::Mysql && !data_type.starts_with("tinyint(1)"),
        "mediumint" => dialect == Dialect::Mysql,
        _ => false,
    }
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        super::each_column_type(&op.kind, |table, column, data_type| {
            if is_small(data_type, run.facts.dialect) {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("{table}.{column} is {data_type}: its values run out early"),
                    "use bigint (or integer, when the values are known to stay small)",
                );
            }
        });
    }
}
