use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{DataVerb, Op, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "PostgreSQL migration that locks an existing table without SET lock_timeout and statement_timeout.",
    what: "On PostgreSQL, reports the first statement of a migration that takes a table lock \
           strong enough to block writes (ALTER TABLE, DROP TABLE, CREATE or DROP INDEX without \
           CONCURRENTLY, REINDEX, TRUNCATE) on a table the migration did not create, when no \
           `SET lock_timeout` or no `SET statement_timeout` comes before it. One finding per \
           migration. If the database or the connection URL already sets both, disable the rule \
           in keel.toml.",
    why: "The ALTER waits for every running query on the table to finish, and every query that \
          arrives meanwhile queues behind the ALTER: one slow report turns a millisecond change \
          into an outage. A lock_timeout makes the migration fail fast instead (and it can be \
          retried); a statement_timeout bounds how long the lock is held.",
    bad: "ALTER TABLE photos ADD COLUMN caption text;",
    good: "SET lock_timeout = '2s';\nSET statement_timeout = '60s';\nALTER TABLE photos ADD COLUMN caption text;",
    dialects: &[Dialect::Postgres],
};

/// The table a statement locks against writes, if any.
fn locked_table(op: &Op) -> Option<&str> {
    match &op.kind {
        OpKind::AddColumn { table, .. }
        | OpKind::DropColumn { table, .. }
        | OpKind::RenameColumn { table, .. }
        | OpKind::AlterColumnType { table, .. }
        | OpKind::SetNullability { table, .. }
        | OpKind::SetDefault { table, .. }
        | OpKind::AddForeignKey { table, .. }
        | OpKind::DropConstraint { table, .. }
        | OpKind::AddConstraint { table, .. }
        | OpKind::ColumnGeneration { table, .. }
        | OpKind::DropTable { table, .. }
        | OpKind::DetachPartition { table, .. } => Some(table),
        OpKind::RenameTable { from, .. } => Some(from),
        OpKind::CreateIndex {
            table,
            concurrently: false,
            ..
        } => Some(table),
        OpKind::Data {
            verb: DataVerb::Truncate { .. },
            writes,
            ..
        } => Some(writes),
        _ => None,
    }
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        let (mut lock, mut statement) = (false, false);
        for op in unit.up.ops() {
            match &op.kind {
                OpKind::Setting { name } if name == "lock_timeout" => lock = true,
                OpKind::Setting { name } if name == "statement_timeout" => statement = true,
                _ => {}
            }
            if lock && statement {
                break;
            }
            let what = match &op.kind {
                OpKind::DropIndex {
                    name,
                    concurrently: false,
                    ..
                } => format!("dropping index {name}"),
                OpKind::Reindex {
                    target,
                    concurrently: false,
                } => format!("REINDEX {target}"),
                _ => match locked_table(op) {
                    Some(table) if !unit.creates(table) => format!("this statement on {table}"),
                    _ => continue,
                },
            };
            let missing = match (lock, statement) {
                (false, false) => "`SET lock_timeout` and `SET statement_timeout`",
                (false, true) => "`SET lock_timeout`",
                _ => "`SET statement_timeout`",
            };
            sink.report(
                &unit.up.file,
                op.span,
                format!("{what} takes a lock that blocks writes, with no {missing} before it"),
                "start the migration with `SET lock_timeout = '2s';` and `SET statement_timeout = '60s';` (values to taste)",
            );
            break;
        }
    }
}
