use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::OpKind;
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "An identifier longer than the engine allows.",
    what: "Reports table, column and index names longer than 63 bytes on PostgreSQL or 64 bytes on \
           MySQL.",
    why: "PostgreSQL silently truncates the name, so later migrations that use the full name fail \
          or hit a different object; MySQL refuses the statement.",
    bad: "CREATE INDEX organisation_membership_invitations_by_inviter_and_created_at_and_status ON invitations (inviter_id);",
    good: "CREATE INDEX invitations_inviter_created_status ON invitations (inviter_id);",
    dialects: &[Dialect::Postgres, Dialect::Mysql],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let limit = run.facts.max_identifier_bytes;
    if limit == 0 {
        return;
    }
    for (unit, op) in super::up_ops(run) {
        let names: Vec<&str> = match &op.kind {
            OpKind::CreateTable { table, columns, .. } => std::iter::once(table.as_str())
                .chain(columns.iter().map(|c| c.name.as_str()))
                .collect(),
            OpKind::AddColumn { column, .. } => vec![&column.name],
            OpKind::RenameTable { to, .. } | OpKind::RenameColumn { to, .. } => vec![to],
            OpKind::CreateIndex { name: Some(n), .. } => vec![n],
            _ => continue,
        };
        for n in names.into_iter().filter(|n| n.len() > limit) {
            sink.report(
                &unit.up.file,
                op.span,
                format!(
                    "`{n}` is {} bytes long; {} allows {limit}",
                    n.len(),
                    run.facts.dialect
                ),
                format!("shorten it to at most {limit} bytes"),
            );
        }
    }
}
