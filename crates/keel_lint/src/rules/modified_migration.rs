use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A migration file that was committed has been edited.",
    what: "With `--since GITREF` (and in the pre-commit hook), reports every migration file whose \
           content differs from the version committed in GITREF.",
    why: "Databases that already ran the migration will never run the edited version: the \
          schema silently differs between environments, and keel's checksums report the \
          migration as modified. Committed migrations are immutable.",
    bad: "-- migrations/0002_create_users.up.sql, already committed and applied:\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT);",
    good: "-- Leave 0002 as committed; add the change as a new migration:\n-- migrations/0005_add_name_to_users.up.sql\nALTER TABLE users ADD COLUMN name TEXT;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let Some(git) = &run.git else { return };
    for old in &git.committed {
        let Some(now) = git.now.iter().find(|n| n.path == old.path) else {
            continue;
        };
        if now.content == old.content {
            continue;
        }
        let file = git.show(&old.path);
        let line = old
            .content
            .lines()
            .zip(now.content.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| old.content.lines().count().min(now.content.lines().count()))
            + 1;
        let span = crate::ir::Span {
            line,
            column: 1,
            end_line: line,
            end_column: 1,
        };
        sink.report(
            &file,
            span,
            format!(
                "migration {file} was edited after it was committed in {} (first change on line {line})",
                git.base
            ),
            format!(
                "restore it with `git checkout {} -- {file}` and put the change in a new migration",
                git.base
            ),
        );
    }
}
