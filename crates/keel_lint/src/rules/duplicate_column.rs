use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{DataVerb, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column declared or assigned twice in one statement, which the engine refuses.",
    what: "Reports a column named twice in a CREATE TABLE (every engine), in an INSERT's \
           column list (PostgreSQL, MySQL) and among an UPDATE's SET targets (PostgreSQL). \
           SQLite accepts the repeated INSERT and UPDATE columns, and MySQL the repeated \
           UPDATE target (the last one wins), so those stay quiet there.",
    why: "The statement fails when the migration runs: a copy-paste slip that stops the deploy \
          half way (and, on MySQL, after the earlier statements are already committed).",
    bad: "UPDATE invoices SET status = 'paid', status = 'void' WHERE id = 1;",
    good: "UPDATE invoices SET status = 'paid' WHERE id = 1;",
    dialects: &[],
};

/// The names that occur more than once, each once, in first-repeat order.
fn repeated<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    let mut twice = Vec::new();
    for n in names {
        if seen.contains(&n) {
            if !twice.contains(&n) {
                twice.push(n);
            }
        } else {
            seen.push(n);
        }
    }
    twice
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let dialect = run.facts.dialect;
    for (unit, op) in super::up_ops(run) {
        let (what, table, names): (&str, &str, Vec<&str>) = match &op.kind {
            OpKind::CreateTable { table, columns, .. } => (
                "is declared twice in CREATE TABLE",
                table,
                columns.iter().map(|c| c.name.as_str()).collect(),
            ),
            OpKind::Data {
                verb: DataVerb::Insert,
                writes,
                written_columns,
                ..
            } if dialect != Dialect::Sqlite => (
                "is listed twice in the INSERT",
                writes,
                written_columns.iter().map(String::as_str).collect(),
            ),
            OpKind::Data {
                verb: DataVerb::Update,
                writes,
                written_columns,
                ..
            } if dialect == Dialect::Postgres => (
                "is assigned twice in the UPDATE",
                writes,
                written_columns.iter().map(String::as_str).collect(),
            ),
            _ => continue,
        };
        for column in repeated(names.into_iter()) {
            sink.report(
                &unit.up.file,
                op.span,
                format!(
                    "column {table}.{column} {what}: {} refuses the statement",
                    dialect.name()
                ),
                "keep one of them",
            );
        }
    }
}
