use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL char(n) / character(n) column.",
    what:
        "On PostgreSQL, reports columns created, added or changed to char, char(n), character(n) \
           or bpchar (not varchar).",
    why: "char(n) pads every value with spaces to n characters, compares and concatenates those \
          spaces in surprising ways, and is no faster than text or varchar in PostgreSQL.",
    bad: "ALTER TABLE countries ADD COLUMN code char(2);",
    good: "ALTER TABLE countries ADD COLUMN code text CHECK (length(code) = 2);",
    dialects: &[Dialect::Postgres],
};

fn is_char(data_type: &str) -> bool {
    let t = data_type.trim();
    if t.contains("varying") {
        return false;
    }
    let word: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    matches!(word.as_str(), "char" | "character" | "bpchar" | "nchar")
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        super::each_column_type(&op.kind, |table, column, data_type| {
            if is_char(data_type) {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("{table}.{column} is {data_type}, which pads its values with spaces"),
                    "use text (with a CHECK on its length if the length matters) or varchar(n)",
                );
            }
        });
    }
}
