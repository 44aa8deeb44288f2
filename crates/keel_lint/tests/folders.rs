//! Rules that look at a whole migrations folder, and the git-aware ones.

use std::path::Path;
use std::process::Command;

use keel_lint::{lint_paths, Dialect, LintOptions};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn rules_in(dir: &Path, options: &LintOptions) -> Vec<(String, String)> {
    lint_paths(&[dir.to_path_buf()], options)
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.rule, f.file))
        .collect()
}

fn options(base: &Path) -> LintOptions {
    let mut o = LintOptions::new(Dialect::Sqlite);
    o.display_base = Some(base.to_path_buf());
    o.disable = vec!["not-idempotent".into()];
    o
}

#[test]
fn duplicate_versions_and_missing_or_empty_down_scripts_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "0001_a.up.sql", "CREATE TABLE a (id INT);");
    write(&dir, "0001_a.down.sql", "DROP TABLE a;");
    write(&dir, "01_b.up.sql", "CREATE TABLE b (id INT);");
    write(&dir, "01_b.down.sql", "-- nothing\n");
    write(&dir, "0002_c.up.sql", "CREATE TABLE c (id INT);");
    let found = rules_in(&dir, &options(tmp.path()));
    assert!(
        found.contains(&("duplicate-version".into(), "migrations/01_b.up.sql".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-down".into(), "migrations/01_b.down.sql".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-down".into(), "migrations/0002_c.up.sql".into())),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(r, f)| r == "missing-down" && f.contains("0001")),
        "{found:?}"
    );
}

#[test]
fn drop_before_copy_follows_the_order_of_migrations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    std::fs::create_dir(&dir).unwrap();
    write(
        &dir,
        "0001_drop.up.sql",
        "ALTER TABLE photos DROP COLUMN caption;",
    );
    write(
        &dir,
        "0001_drop.down.sql",
        "ALTER TABLE photos ADD COLUMN caption TEXT;",
    );
    write(
        &dir,
        "0002_copy.up.sql",
        "INSERT INTO posts (body) SELECT caption FROM photos;",
    );
    write(&dir, "0002_copy.down.sql", "DELETE FROM posts;");
    let found = rules_in(&dir, &options(tmp.path()));
    assert!(
        found.contains(&("drop-before-copy".into(), "m/0001_drop.up.sql".into())),
        "{found:?}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn since_reports_deleted_modified_renamed_and_out_of_order_migrations() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.name", "t"]);
    git(root, &["config", "user.email", "t@example.invalid"]);
    let dir = root.join("migrations");
    std::fs::create_dir(&dir).unwrap();
    for (v, t) in [("0001", "a"), ("0002", "b"), ("0005", "c"), ("0006", "d")] {
        write(
            &dir,
            &format!("{v}_{t}.up.sql"),
            &format!("CREATE TABLE {t} (id INT);"),
        );
        write(
            &dir,
            &format!("{v}_{t}.down.sql"),
            &format!("DROP TABLE {t};"),
        );
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "one"]);
    std::fs::remove_file(dir.join("0001_a.up.sql")).unwrap();
    write(&dir, "0002_b.up.sql", "CREATE TABLE b (id INT, x INT);");
    std::fs::rename(dir.join("0006_d.up.sql"), dir.join("0007_d.up.sql")).unwrap();
    std::fs::rename(dir.join("0006_d.down.sql"), dir.join("0007_d.down.sql")).unwrap();
    write(&dir, "0003_new.up.sql", "CREATE TABLE n (id INT);");
    write(&dir, "0003_new.down.sql", "DROP TABLE n;");
    let mut o = options(root);
    o.since = Some("HEAD".into());
    let report = lint_paths(std::slice::from_ref(&dir), &o).unwrap();
    let msgs: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.rule, f.file, f.message))
        .collect();
    let has = |s: &str| msgs.iter().any(|m| m.starts_with(s));
    assert!(
        has("deleted-migration migrations/0001_a.up.sql migration"),
        "{msgs:#?}"
    );
    assert!(
        has("modified-migration migrations/0002_b.up.sql"),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(
            |m| m.starts_with("deleted-migration migrations/0006_d.up.sql")
                && m.contains("renamed to")
        ),
        "{msgs:#?}"
    );
    assert!(
        has("out-of-order-version migrations/0003_new.up.sql"),
        "{msgs:#?}"
    );
    assert!(report.has_errors());
}

#[test]
fn the_working_migration_corpus_has_no_syntax_errors_in_any_dialect() {
    for dialect in Dialect::ALL {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../keel/tests/corpus")
            .join(dialect.name());
        let report = lint_paths(&[dir], &LintOptions::new(dialect)).unwrap();
        let bad: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "syntax-error")
            .map(|f| format!("{}:{} {}", f.file, f.line, f.message))
            .collect();
        assert!(bad.is_empty(), "{dialect}: {bad:#?}");
    }
}
