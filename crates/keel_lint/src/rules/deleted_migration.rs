use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A migration file that was committed is gone (deleted or renamed).",
    what: "With `--since GITREF` (and in the pre-commit hook), reports every migration file that \
           exists in GITREF but no longer exists under the same name. A file whose exact content \
           now lives under another name is reported as a rename.",
    why: "The databases that already ran the migration still list it in their history. Without \
          the file, history and code disagree: deploys break, `status` cannot show it, and the \
          schema can no longer be rebuilt from the files. This is how a forced rebase once lost \
          12 of a project's 15 migrations.",
    bad: "git rm migrations/0002_create_users.up.sql migrations/0002_create_users.down.sql\ngit commit -m 'clean up'",
    good: "-- Never delete an applied migration. To undo it, add a new one:\n-- migrations/0004_drop_users.up.sql\nDROP TABLE users;",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    let Some(git) = &run.git else { return };
    for old in &git.committed {
        if git.now.iter().any(|n| n.path == old.path) {
            continue;
        }
        let file = git.show(&old.path);
        let renamed = git
            .now
            .iter()
            .find(|n| n.content == old.content && !git.committed.iter().any(|c| c.path == n.path));
        let message = match renamed {
            Some(n) => format!(
                "migration {file} (committed in {}) was renamed to {}",
                git.base,
                git.show(&n.path)
            ),
            None => format!("migration {file} (committed in {}) was deleted", git.base),
        };
        sink.report_file(
            &file,
            message,
            format!(
                "restore it with `git checkout {} -- {file}`; to undo a migration, write a new one",
                git.base
            ),
        );
    }
}
