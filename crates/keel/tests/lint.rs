//! `keel lint` and `keel hook install` through the real binary and real git.

use std::path::Path;
use std::process::Command;

fn keel(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn repo_with_three_migrations() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.name", "t"]);
    git(root, &["config", "user.email", "t@example.invalid"]);
    std::fs::write(root.join("keel.toml"), "[database]\nurl = \"postgres://app@127.0.0.1/app\"\n[lint]\ndisable = [\"not-idempotent\"]\n").unwrap();
    let dir = root.join("migrations");
    std::fs::create_dir(&dir).unwrap();
    for (v, t) in [("0001", "a"), ("0002", "b"), ("0003", "c")] {
        std::fs::write(
            dir.join(format!("{v}_{t}.up.sql")),
            format!("CREATE TABLE {t} (id BIGINT PRIMARY KEY);\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("{v}_{t}.down.sql")),
            format!("DROP TABLE {t};\n"),
        )
        .unwrap();
    }
    git(root, &["add", "."]);
    assert!(git(root, &["commit", "-q", "-m", "three"]).status.success());
    tmp
}

#[test]
fn a_clean_folder_exits_0_and_an_error_finding_exits_1_with_a_rustc_style_report() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    let (code, out, err) = keel(root, &["lint"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no problems found"), "{out}");
    std::fs::write(
        root.join("migrations/0004_d.up.sql"),
        "ALTER TABLE a DROP COLUMN x;\n",
    )
    .unwrap();
    std::fs::write(
        root.join("migrations/0004_d.down.sql"),
        "ALTER TABLE a ADD COLUMN x INT;\n",
    )
    .unwrap();
    let (code, out, _) = keel(root, &["lint"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[destructive-drop]: this drops column a.x and all its data\n --> migrations/0004_d.up.sql:1:1\n  |\n1 | ALTER TABLE a DROP COLUMN x;\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help:"), "{out}");
    let (code, out, _) = keel(root, &["lint", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["rule"], "destructive-drop");
    assert_eq!(v["findings"][0]["line"], 1);
}

#[test]
fn the_dialect_comes_from_the_configured_url_and_dialect_overrides_it() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    std::fs::write(
        root.join("migrations/0004_i.up.sql"),
        "CREATE INDEX a_id ON a (id);\n",
    )
    .unwrap();
    std::fs::write(
        root.join("migrations/0004_i.down.sql"),
        "DROP INDEX a_id;\n",
    )
    .unwrap();
    let (_, out, _) = keel(root, &["lint"]);
    assert!(
        out.contains("warning[blocking-index]"),
        "postgres from keel.toml: {out}"
    );
    let (_, out, _) = keel(root, &["lint", "--dialect", "sqlite"]);
    assert!(!out.contains("blocking-index"), "{out}");
    let (code, _, err) = keel(root, &["lint", "--dialect", "oracle"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn an_opt_in_rule_runs_only_when_keel_toml_enables_it() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    std::fs::write(
        root.join("migrations/0004_n.up.sql"),
        "ALTER TABLE a ALTER COLUMN id DROP NOT NULL;\n",
    )
    .unwrap();
    std::fs::write(
        root.join("migrations/0004_n.down.sql"),
        "ALTER TABLE a ALTER COLUMN id SET NOT NULL;\n",
    )
    .unwrap();
    let (_, out, _) = keel(root, &["lint"]);
    assert!(!out.contains("drop-not-null"), "opt-in, not enabled: {out}");
    let toml = "[database]\nurl = \"postgres://app@127.0.0.1/app\"\n[lint]\ndisable = [\"not-idempotent\"]\nenable = [\"drop-not-null\"]\n";
    std::fs::write(root.join("keel.toml"), toml).unwrap();
    let (code, out, err) = keel(root, &["lint"]);
    assert_eq!(code, 0, "a warning does not fail the run: {out}{err}");
    assert!(
        out.contains("warning[drop-not-null]: a.id may hold NULL from now on"),
        "{out}"
    );
    // A misspelt id is bad input, not a silently ignored setting.
    std::fs::write(
        root.join("keel.toml"),
        toml.replace("drop-not-null", "drop-not-nul"),
    )
    .unwrap();
    let (code, out, err) = keel(root, &["lint"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("keel.toml [lint] names no such rule: drop-not-nul"),
        "{err}"
    );
}

#[test]
fn explain_prints_the_rule_doc_and_an_unknown_rule_exits_2_listing_the_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, _) = keel(tmp.path(), &["lint", "--explain", "drop-before-copy"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("drop-before-copy (error; dialects: all)"),
        "{out}"
    );
    assert!(
        out.contains("Example (fires):\n    ALTER TABLE photos DROP COLUMN caption;"),
        "{out}"
    );
    assert!(out.contains("Use instead:\n"), "{out}");
    let (code, _, err) = keel(tmp.path(), &["lint", "--explain", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`nope` is not a keel lint rule") && err.contains("fk-without-index"),
        "{err}"
    );
}

#[test]
fn sarif_and_github_formats_are_refused_by_other_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = keel(tmp.path(), &["status", "--format", "sarif"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--format sarif is only for `keel lint`"),
        "{err}"
    );
    let (code, _, err) = keel(tmp.path(), &["status", "--format", "github"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn since_reports_a_deleted_migration() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    std::fs::write(
        root.join("migrations/0004_d.up.sql"),
        "CREATE TABLE d (id INT PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(root.join("migrations/0004_d.down.sql"), "DROP TABLE d;\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "four"]);
    std::fs::remove_file(root.join("migrations/0002_b.up.sql")).unwrap();
    std::fs::remove_file(root.join("migrations/0002_b.down.sql")).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "oops"]);
    let (code, out, err) = keel(root, &["lint", "--since", "HEAD~1", "--format", "github"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("::error file=migrations/0002_b.up.sql,line=1,col=1,endLine=1,title=keel lint%3A deleted-migration::migration migrations/0002_b.up.sql (committed in HEAD~1) was deleted"), "{out}");
    let (code, _, err) = keel(root, &["lint", "--since", "no-such-ref"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_installed_hook_refuses_a_commit_that_deletes_a_migration_and_keeps_the_old_hook() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    let hooks = root.join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\ntouch \"$(git rev-parse --show-toplevel)/old-hook-ran\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            hooks.join("pre-commit"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    let (code, out, err) = keel(root, &["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, _) = keel(root, &["hook", "install"]);
    assert_eq!(code, 0, "re-running is idempotent");
    assert!(hooks.join("pre-commit.local").exists());
    let hook = std::fs::read_to_string(hooks.join("pre-commit")).unwrap();
    assert!(hook.contains("# keel pre-commit hook"));

    git(
        root,
        &[
            "rm",
            "-q",
            "migrations/0002_b.up.sql",
            "migrations/0002_b.down.sql",
        ],
    );
    let commit = git(root, &["commit", "-q", "-m", "delete a migration"]);
    assert!(
        !commit.status.success(),
        "the hook let the deletion through"
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&commit.stdout),
        String::from_utf8_lossy(&commit.stderr)
    );
    assert!(
        said.contains("migrations/0002_b.up.sql") && said.contains("deleted-migration"),
        "{said}"
    );
    assert!(
        root.join("old-hook-ran").exists(),
        "the previous hook no longer runs"
    );

    // Restoring the files lets an unrelated commit through.
    git(root, &["checkout", "-q", "HEAD", "--", "migrations"]);
    std::fs::write(root.join("README"), "x").unwrap();
    git(root, &["add", "README"]);
    let commit = git(root, &["commit", "-q", "-m", "unrelated"]);
    assert!(
        commit.status.success(),
        "{}",
        String::from_utf8_lossy(&commit.stdout)
    );
}

#[test]
fn the_hook_lints_the_staged_migration_not_the_working_tree_fix() {
    let tmp = repo_with_three_migrations();
    let root = tmp.path();
    let (code, out, err) = keel(root, &["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    let up = root.join("migrations/0004_locale.up.sql");
    std::fs::write(&up, "ALTER TABLE a ADD COLUMN locale TEXT NOT NULL;\n").unwrap();
    std::fs::write(
        root.join("migrations/0004_locale.down.sql"),
        "-- keel:allows-loss a.locale\nALTER TABLE a DROP COLUMN locale;\n",
    )
    .unwrap();
    git(root, &["add", "migrations"]);
    // Fixed in the working tree, but the fix is not staged: the commit would still carry
    // the broken migration.
    std::fs::write(
        &up,
        "ALTER TABLE a ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';\n",
    )
    .unwrap();
    let (code, out, _) = keel(root, &["lint"]);
    assert_eq!(code, 0, "the working tree is fine: {out}");

    let commit = git(root, &["commit", "-q", "-m", "add locale"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&commit.stdout),
        String::from_utf8_lossy(&commit.stderr)
    );
    assert!(
        !commit.status.success(),
        "the hook let the staged problem through: {said}"
    );
    assert!(
        said.contains("error[not-null-without-default]")
            && said.contains("migrations/0004_locale.up.sql:1:1")
            && said.contains("1 | ALTER TABLE a ADD COLUMN locale TEXT NOT NULL;"),
        "{said}"
    );

    // Staging the fix lets the commit through.
    git(root, &["add", "migrations"]);
    let commit = git(root, &["commit", "-q", "-m", "add locale"]);
    assert!(
        commit.status.success(),
        "{}{}",
        String::from_utf8_lossy(&commit.stdout),
        String::from_utf8_lossy(&commit.stderr)
    );
}

#[test]
fn cached_lints_staged_files_even_before_the_first_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    std::fs::write(
        root.join("keel.toml"),
        "[database]\nurl = \"sqlite://app.db\"\n",
    )
    .unwrap();
    let dir = root.join("migrations");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("0001_a.up.sql"),
        "ALTER TABLE legacy DROP COLUMN x;\n",
    )
    .unwrap();
    std::fs::write(dir.join("0001_a.down.sql"), "SELECT 1;\n").unwrap();
    // Nothing staged: nothing to lint.
    let (code, out, err) = keel(root, &["lint", "--cached"]);
    assert_eq!(code, 0, "{out}{err}");
    git(root, &["add", "."]);
    let (code, out, _) = keel(root, &["lint", "--cached"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[destructive-drop]") && out.contains("migrations/0001_a.up.sql:1:1"),
        "{out}"
    );
}
