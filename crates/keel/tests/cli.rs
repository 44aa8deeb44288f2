//! The command line itself: `init`, `new`, `--help` and `--version`. None of these needs a
//! database server.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::run_in;

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// Every file under `root` (relative path → contents); folders end with `/`.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn init_in_an_empty_folder_writes_keel_toml_and_migrations_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let first = run_in(root, &["init"]);
    first.expect_code(0);
    let config = std::fs::read_to_string(root.join("keel.toml")).expect("keel.toml written");
    assert_contains(&config, "[database]");
    assert_contains(&config, "url = \"sqlite://keel.db\"");
    assert_contains(&config, "dir = \"migrations\"");
    assert!(root.join("migrations").is_dir());
    assert_contains(&first.stdout, "keel.toml");
    let files: Vec<String> = tree(root).into_keys().collect();
    assert_eq!(files, ["keel.toml", "migrations/"]);

    // A second run changes nothing and says so.
    let before = tree(root);
    let second = run_in(root, &["init"]);
    second.expect_code(0);
    assert_contains(&second.stdout, "already exists; left unchanged");
    assert_contains(&second.stdout, "Nothing to do");
    assert_eq!(tree(root), before, "a second init must change nothing");

    // What init wrote is a working project: keel reads it without complaint.
    let status = run_in(root, &["status", "--format", "json"]);
    status.expect_code(0);
    assert_eq!(status.json()["migrations"], serde_json::json!([]));
    assert!(root.join("keel.db").is_file(), "the configured database");
}

#[test]
fn init_never_writes_a_password_into_keel_toml() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &[
            "init",
            "--database",
            "postgres://app:init-s3cret@db.internal:5432/app",
        ],
    );
    run.expect_code(0);
    let config = std::fs::read_to_string(dir.path().join("keel.toml")).unwrap();
    assert!(!config.contains("init-s3cret"), "{config}");
    assert!(!run.all().contains("init-s3cret"), "{}", run.all());
    assert_contains(
        &config,
        "url = \"postgres://app:${KEEL_DB_PASSWORD}@db.internal:5432/app\"",
    );
    assert_contains(&run.stdout, "KEEL_DB_PASSWORD");
}

#[test]
fn init_in_a_laravel_project_says_it_detected_laravel() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("artisan"), "#!/usr/bin/env php\n<?php\n").unwrap();
    std::fs::write(
        root.join(".env"),
        "APP_NAME=Shop\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\n\
         DB_DATABASE=shop\nDB_USERNAME=shop\nDB_PASSWORD=laravel-s3cret\n",
    )
    .unwrap();
    let run = run_in(root, &["init"]);
    run.expect_code(0);
    assert_contains(&run.stdout, "Laravel project detected");
    assert_contains(&run.stdout, "database/migrations");
    assert!(
        root.join("database/migrations").is_dir(),
        "Laravel's migrations folder"
    );
    assert!(
        !root.join("migrations").exists(),
        "no second, keel-style migrations folder in a Laravel project"
    );
    assert!(!run.all().contains("laravel-s3cret"), "{}", run.all());
}

#[test]
fn keel_new_never_overwrites_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("migrations")).unwrap();

    // Timestamp versions: two `new` in the same second must still get two versions.
    let new = |name: &str| -> Vec<String> {
        let run = run_in(root, &["new", name, "--format", "json"]);
        run.expect_code(0);
        run.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    let first = new("add tags");
    assert_eq!(first.len(), 2, "{first:?}");
    let edited = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n";
    let up = first
        .iter()
        .find(|f| f.ends_with(".up.sql"))
        .expect("an up script");
    std::fs::write(up, edited).unwrap();

    let second = new("add tags");
    assert_eq!(second.len(), 2, "{second:?}");
    for f in &second {
        assert!(!first.contains(f), "{f} was written twice");
    }
    assert_eq!(
        std::fs::read_to_string(up).unwrap(),
        edited,
        "the first migration was overwritten"
    );
    let files = tree(&root.join("migrations"));
    assert_eq!(files.len(), 4, "{:?}", files.keys());
}

#[test]
fn help_lists_every_command_and_global_option() {
    let run = run_in(Path::new("."), &["--help"]);
    run.expect_code(0);
    for command in [
        "init",
        "new",
        "status",
        "migrate",
        "rollback",
        "mark-applied",
        "mark-pending",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "--help does not list {command}:\n{}",
            run.stdout
        );
    }
    for option in [
        "--database",
        "--dir",
        "--config",
        "--format",
        "--yes",
        "--verbose",
        "--quiet",
        "--no-color",
        "--version",
    ] {
        assert_contains(&run.stdout, option);
    }

    for (command, options) in [
        (
            "migrate",
            &[
                "--to",
                "--dry-run",
                "--no-backup",
                "--allow-missing",
                "--lock-timeout",
            ][..],
        ),
        (
            "rollback",
            &[
                "--step",
                "--batch",
                "--to",
                "--all",
                "--no-backup",
                "--lock-timeout",
            ][..],
        ),
        ("mark-applied", &["--all", "--lock-timeout"][..]),
        ("mark-pending", &["--lock-timeout"][..]),
    ] {
        let help = run_in(Path::new("."), &["help", command]);
        help.expect_code(0);
        for option in options {
            assert_contains(&help.stdout, option);
        }
        assert_contains(&help.stdout, "--database");
    }
}

#[test]
fn version_is_the_crate_version() {
    for flag in ["--version", "-V"] {
        let run = run_in(Path::new("."), &[flag]);
        run.expect_code(0);
        assert_eq!(
            run.stdout.trim(),
            format!("keel {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn unknown_command_or_flag_exits_2() {
    let run = run_in(Path::new("."), &["migrat"]);
    run.expect_code(2);
    assert_contains(&run.stderr, "migrat");
    let run = run_in(Path::new("."), &["migrate", "--stepp", "1"]);
    run.expect_code(2);
    assert_contains(&run.stderr, "--stepp");
}
