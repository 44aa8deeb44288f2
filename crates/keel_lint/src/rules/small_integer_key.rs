use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{ColumnSpec, ForeignKey, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A key column (single-column primary key, identity, serial or foreign key) of a 32-bit integer type.",
    what: "On PostgreSQL and MySQL, reports single-column primary keys, serial / identity / \
           AUTO_INCREMENT columns and foreign-key columns declared as int, integer, int4 or \
           serial (MySQL: also INT UNSIGNED). Other integer columns are left alone, and so are \
           smallint / tinyint keys, which are a deliberate choice for small lookup tables. \
           (SQLite's INTEGER is 64-bit.)",
    why: "`int` is the default that nobody chose: a 32-bit key runs out at 2,147,483,647 (or \
          4,294,967,295 unsigned), inserts start failing, and widening the column then \
          rewrites the table and every table that references it, under an exclusive lock.",
    bad: "CREATE TABLE events (id serial PRIMARY KEY, account_id integer REFERENCES accounts (id));",
    good: "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint REFERENCES accounts (id));",
    dialects: &[Dialect::Postgres, Dialect::Mysql],
};

/// Whether a type is a 32-bit integer, by its first word.
fn is_int32(data_type: &str) -> bool {
    let word: String = data_type
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    matches!(
        word.as_str(),
        "int" | "integer" | "int4" | "serial" | "serial4"
    )
}

fn is_key(column: &ColumnSpec, fks: &[ForeignKey]) -> bool {
    column.primary_key || column.generated || fks.iter().any(|fk| fk.columns.contains(&column.name))
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (unit, op) in super::up_ops(run) {
        let (table, columns, fks): (&str, &[ColumnSpec], &[ForeignKey]) = match &op.kind {
            OpKind::CreateTable {
                table,
                columns,
                foreign_keys,
                ..
            } => (table, columns, foreign_keys),
            OpKind::AddColumn {
                table,
                column,
                foreign_key,
                ..
            } => (table, std::slice::from_ref(column), foreign_key.as_slice()),
            _ => continue,
        };
        for c in columns {
            if !is_int32(&c.data_type) || !is_key(c, fks) {
                continue;
            }
            sink.report(
                &unit.up.file,
                op.span,
                format!(
                    "key column {table}.{} is {} (32-bit): its values run out",
                    c.name, c.data_type
                ),
                "use bigint (bigserial, or bigint GENERATED … AS IDENTITY) for keys and the columns that reference them",
            );
        }
    }
}
