use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "CREATE or DROP without IF [NOT] EXISTS in a migration that a failure can leave half-applied.",
    what: "Only where a failure half way can leave part of the migration applied: every MySQL / \
           MariaDB migration (MySQL commits each DDL statement on its own), and on PostgreSQL and \
           SQLite the scripts that start with `-- keel:no-transaction`. There it reports CREATE \
           TABLE / DROP TABLE without the guard, CREATE / DROP INDEX on PostgreSQL and SQLite, \
           and ADD / DROP COLUMN on PostgreSQL (MySQL has no such guards for indexes and \
           columns, so they are not asked for there). A PostgreSQL or SQLite migration that keel \
           runs in a transaction is rolled back whole on failure and can simply be run again, so \
           it is not asked for guards.",
    why: "A migration that stopped half way cannot simply be run again: its first statement now \
          fails because its object already exists or is already gone, and the database is \
          stuck between two versions until someone repairs it by hand.",
    bad: "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY photos_owner_id ON photos (owner_id);",
    good: "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS photos_owner_id ON photos (owner_id);",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let f = run.facts;
    let fragile = run
        .units
        .iter()
        .filter(|u| u.up.partial_failure_possible(&f))
        .flat_map(|u| u.up.ops().iter().map(move |op| (u, op)));
    for (unit, op) in fragile {
        let (missing, what) = match &op.kind {
            OpKind::CreateTable {
                table,
                if_not_exists,
                ..
            } => (
                !if_not_exists,
                format!("CREATE TABLE {table} has no IF NOT EXISTS"),
            ),
            OpKind::DropTable { table, if_exists } => {
                (!if_exists, format!("DROP TABLE {table} has no IF EXISTS"))
            }
            OpKind::CreateIndex {
                table,
                if_not_exists,
                ..
            } => (
                f.index_if_exists && !if_not_exists,
                format!("CREATE INDEX on {table} has no IF NOT EXISTS"),
            ),
            OpKind::DropIndex {
                name, if_exists, ..
            } => (
                f.index_if_exists && !if_exists,
                format!("DROP INDEX {name} has no IF EXISTS"),
            ),
            OpKind::AddColumn {
                table,
                column,
                if_not_exists,
                ..
            } => (
                f.column_if_exists && !if_not_exists,
                format!("ADD COLUMN {table}.{} has no IF NOT EXISTS", column.name),
            ),
            OpKind::DropColumn {
                table,
                column,
                if_exists,
            } => (
                f.column_if_exists && !if_exists,
                format!("DROP COLUMN {table}.{column} has no IF EXISTS"),
            ),
            _ => continue,
        };
        if missing {
            sink.report(
                &unit.up.file,
                op.span,
                format!("{what}: the migration cannot be re-run after a partial failure"),
                "add the IF [NOT] EXISTS guard",
            );
        }
    }
}
