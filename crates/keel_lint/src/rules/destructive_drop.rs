use crate::engine::{DialectFacts, Run, Sink, Unit};
use crate::ir::{Op, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A migration drops a table, a column, a schema or a database that holds data.",
    what: "Reports DROP TABLE, DROP COLUMN, DROP SCHEMA and DROP DATABASE in up scripts, except \
           for tables the same migration creates (SQLite's rebuild pattern drops the old table and renames the new one into \
           its place) and for values the migration declares with `-- keel:allows-loss \
           table.column` (or `table`, or the schema's or database's name).",
    why: "Dropping loses data for good, and application code that is still deployed breaks as \
          soon as it reads the column or table. Make the loss deliberate: stop using the column \
          first, copy out what must be kept, and declare the loss.",
    bad: "ALTER TABLE users DROP COLUMN legacy_role;",
    good: "-- keel:allows-loss users.legacy_role\n-- (deployed code no longer reads legacy_role; its values were copied to memberships)\nALTER TABLE users DROP COLUMN legacy_role;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        // The directives are read once per file, and only for files that drop something.
        let mut allowed: Option<Vec<String>> = None;
        for op in unit.up.ops() {
            check_op(&run.facts, unit, op, &mut allowed, sink);
        }
    }
}

fn check_op(
    facts: &DialectFacts,
    unit: &Unit,
    op: &Op,
    allowed: &mut Option<Vec<String>>,
    sink: &mut Sink<'_>,
) {
    let (what, table, key) = match &op.kind {
        OpKind::DropTable { table, .. } => (format!("table {table}"), table, table.clone()),
        OpKind::DropColumn { table, column, .. } => (
            format!("column {table}.{column}"),
            table,
            format!("{table}.{column}"),
        ),
        OpKind::DropObject { object, name, .. } if object == "DATABASE" => {
            (format!("database {name}"), name, name.clone())
        }
        OpKind::DropObject { object, name, .. } if object == "SCHEMA" => {
            if facts.schema_is_database {
                (format!("database {name}"), name, name.clone())
            } else {
                (
                    format!("schema {name} (and every table in it, with CASCADE)"),
                    name,
                    name.clone(),
                )
            }
        }
        _ => return,
    };
    let allowed = allowed.get_or_insert_with(|| {
        unit.up
            .allows_loss
            .iter()
            .map(|a| a.to_lowercase())
            .collect()
    });
    if unit.creates(table) || allowed.iter().any(|a| *a == key || a == table) {
        return;
    }
    sink.report(
        &unit.up.file,
        op.span,
        format!("this drops {what} and all its data"),
        format!(
            "make sure nothing reads it any more and its data is kept elsewhere, then declare \
             it: `-- keel:allows-loss {key}`"
        ),
    );
}
