use std::cmp::Ordering;

use keel_migrate::compare_versions;

use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A new migration is older than the newest committed one.",
    what: "With `--since GITREF`, reports every migration added after GITREF whose version sorts \
           before the newest migration that was already committed there.",
    why: "Databases that already ran the newer migration see the new one as pending 'in the \
          past': it runs after migrations it was not written against, and `rollback --to` \
          orders become surprising. It usually comes from a long-lived branch.",
    bad: "# committed: 0001, 0002, 0005\n# new on this branch:\nmigrations/0003_add_index.up.sql",
    good: "# renumber the new migration past the newest committed one:\nmigrations/0006_add_index.up.sql",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let Some(git) = &run.git else { return };
    let committed = |u: &&crate::engine::Unit| git.committed.iter().any(|c| c.path == u.up_path);
    let Some(newest) = run
        .units
        .iter()
        .filter(committed)
        .max_by(|a, b| compare_versions(&a.id, &b.id))
    else {
        return;
    };
    for unit in run
        .units
        .iter()
        .filter(|u| !committed(u) && !u.id.is_empty())
    {
        if compare_versions(&unit.id, &newest.id) == Ordering::Less {
            sink.report_file(
                &unit.up.file,
                format!(
                    "new migration {} is older than {}, already committed in {}",
                    unit.id, newest.id, git.base
                ),
                format!("renumber it to a version after {}", newest.id),
            );
        }
    }
}
