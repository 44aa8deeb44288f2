use crate::engine::{Down, Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A migration has no down script, or an empty one.",
    what: "Reports migrations whose down script is missing or holds no statement.",
    why: "Without a down script `keel rollback` cannot undo the migration: recovering from a bad \
          deploy then means restoring a backup instead of rolling back one step.",
    bad: "-- 0003_add_avatar_to_users.down.sql\n-- (nothing)",
    good: "-- 0003_add_avatar_to_users.down.sql\nALTER TABLE users DROP COLUMN avatar;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        match &unit.down {
            Down::Missing(expected) => sink.report_file(
                &unit.up.file,
                format!(
                    "migration {} has no down script ({expected} does not exist)",
                    unit.id
                ),
                "write the SQL that reverses the up script, so that `keel rollback` is safe",
            ),
            Down::Script(d) if d.parsed.statements.is_empty() && d.parsed.errors.is_empty() => {
                sink.report_file(
                    &d.file,
                    format!("the down script of migration {} is empty", unit.id),
                    "write the SQL that reverses the up script, so that `keel rollback` is safe",
                );
            }
            Down::Lacking { message, span } => sink.report(
                &unit.up.file,
                *span,
                message.clone(),
                "write the steps that reverse up(), so that rolling back is safe",
            ),
            _ => {}
        }
    }
}
