use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A MySQL migration mixes schema changes and data changes.",
    what: "On MySQL, reports the first data statement (INSERT, UPDATE, DELETE) of a migration that \
           also changes the schema.",
    why: "MySQL commits every DDL statement implicitly, so the migration cannot be one \
          transaction: if the data statement fails, the schema change stays and the migration is \
          half applied. Separate migrations fail cleanly.",
    bad: "CREATE TABLE plans (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\nINSERT INTO plans VALUES (1, 'free');",
    good: "-- 0036_create_plans.up.sql\nCREATE TABLE plans (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);\n-- 0037_seed_plans.up.sql\nINSERT INTO plans VALUES (1, 'free');",
    dialects: &[Dialect::Mysql],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let ops = unit.up.ops();
        if !ops.iter().any(|o| o.kind.is_ddl()) {
            continue;
        }
        if let Some(op) = ops.iter().find(|o| matches!(o.kind, OpKind::Data { .. })) {
            sink.report(
                &unit.up.file,
                op.span,
                "this data change shares a migration with schema changes, which MySQL commits one by one",
                "move the data change into its own migration",
            );
        }
    }
}
