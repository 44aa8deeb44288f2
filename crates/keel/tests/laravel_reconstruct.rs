//! Writing Laravel migrations: `keel reconstruct --style laravel` brings lost PHP migrations
//! back under their recorded names, and `keel diff --emit laravel` writes the migration between
//! two schemas. Real Laravel 8 (Debian's php-laravel-framework, through
//! `tests/laravel/migrate.php`) runs what keel wrote: the proof is Laravel's own migrator.
//!
//! Without PHP these tests are skipped with a note — except under `CI=true`, where a missing
//! PHP fails them, as a missing database server does.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::laravel::{fixture_migrations, laravel, laravel_app, php_available};
use common::{run_in, Engine, Project, Run, TestDb};

/// A fingerprint of Laravel's `migrations` table: its rows, their batches and their ids.
fn laravel_history(db: &TestDb) -> [i64; 3] {
    [
        db.scalar("SELECT COUNT(*) FROM migrations"),
        db.scalar("SELECT SUM(batch) FROM migrations"),
        db.scalar("SELECT SUM(id) FROM migrations"),
    ]
}

/// The first incident, in a Laravel project: 15 migrations ran through Laravel, 12 files were
/// lost. keel writes them back under their recorded names; real Laravel builds the live schema
/// from the 3 + 12 files on a fresh database, and still sees all 15 as ran on the live one.
fn twelve_lost_php_migrations_come_back_and_real_laravel_rebuilds_the_live_schema(engine: Engine) {
    if !php_available() {
        return;
    }
    let p = Project::new(engine);
    let names = fixture_migrations(15);
    let app = laravel_app(&p.root, &names);
    let dir = app.join("database/migrations");
    assert_eq!(laravel(&p.db, &dir, "migrate").len(), 15);
    let history_before = laravel_history(&p.db);
    for gone in &names[3..] {
        std::fs::remove_file(dir.join(gone)).unwrap();
    }
    let url = p.db.url();

    // A target folder that already has files: a clear refusal, nothing written.
    let refused = run_in(
        &app,
        &[
            "reconstruct",
            "--out",
            dir.to_str().unwrap(),
            "--database",
            url,
        ],
    );
    refused.expect_code(2);
    assert!(
        refused.stderr.contains("already has files"),
        "{}",
        refused.all()
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);

    let run = run_in(
        &app,
        &[
            "reconstruct",
            "--style",
            "laravel",
            "--database",
            url,
            "--format",
            "json",
        ],
    );
    run.expect_code(0);
    let report = run.json();
    assert_eq!(report["replay_matches_live"], true, "{}", run.all());
    let written: Vec<&str> = report["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(written.len(), 12, "{written:?}");
    for name in &names[3..] {
        let path = dir.join(name);
        assert!(
            written.iter().any(|w| Path::new(w) == path),
            "{name} is written under its recorded name: {written:?}"
        );
        let lint = Command::new("php").arg("-l").arg(&path).output().unwrap();
        assert!(lint.status.success(), "php -l {name}: {lint:?}");
        let php = std::fs::read_to_string(&path).unwrap();
        assert!(php.contains("Reconstructed by keel on "), "{php}");
        assert!(php.contains("return new class extends Migration"), "{php}");
        assert!(php.contains("public function down()"), "{php}");
    }
    let photos =
        std::fs::read_to_string(dir.join("2021_02_01_000001_create_photos_table.php")).unwrap();
    assert!(
        photos.contains("Schema::create('photos'"),
        "a created table is written with the Schema builder:\n{photos}"
    );
    let profile = std::fs::read_to_string(
        dir.join("2021_02_03_000000_add_profile_columns_to_users_table.php"),
    )
    .unwrap();
    assert!(
        profile.contains("'locale'") && !profile.contains("Schema::create"),
        "an added column goes to the migration that names its table:\n{profile}"
    );

    // Real Laravel, fresh database, the 3 + 12 files: the live schema.
    let fresh = Project::new(engine);
    assert_eq!(laravel(&fresh.db, &dir, "migrate").len(), 15);
    let diff = run_in(&app, &["diff", fresh.db.url(), url, "--database", url]);
    diff.expect_code(0);
    assert!(diff.stdout.contains("no differences"), "{}", diff.all());

    // Laravel's own view of the live database: all 15 ran, its history untouched.
    let status = laravel(&p.db, &dir, "status");
    assert_eq!(status.len(), 15, "{status:?}");
    assert!(
        status.iter().all(|line| line.starts_with("Ran ")),
        "{status:?}"
    );
    assert_eq!(laravel_history(&p.db), history_before);
    // Run again, nothing is left to do.
    let again = run_in(
        &app,
        &["reconstruct", "--database", url, "--format", "json"],
    );
    again.expect_code(0);
    assert_eq!(again.json()["written"], serde_json::json!([]));
    // And keel's: nothing missing, nothing modified.
    let status = run_in(&app, &["status", "--database", url, "--format", "json"]);
    status.expect_code(0);
    assert_eq!(status.json()["summary"]["applied"], 15);
}

/// `diff --emit laravel`: the PHP between an empty database and one Laravel built from the
/// whole fixture (renames, changes, drops, enums, morphs …), run by real Laravel, builds that
/// schema; Laravel's rollback runs its down() back to the empty schema.
fn emitted_php_runs_under_real_laravel_to_the_target_schema(engine: Engine) {
    if !php_available() {
        return;
    }
    let target = Project::new(engine);
    let names = fixture_migrations(usize::MAX);
    let source = laravel_app(&target.root, &names);
    laravel(&target.db, &source.join("database/migrations"), "migrate");

    let start = Project::new(engine);
    let app = laravel_app(&start.root, &[]);
    let dir = app.join("database/migrations");
    // The empty side has Laravel's history table too, as every Laravel database does.
    laravel(&start.db, &dir, "migrate");
    let out = start.root.join("emitted");
    let run = diff_in(
        &app,
        &start,
        &target,
        &[
            "--emit",
            "laravel",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    run.expect_code(1);
    let files = run.json()["files"].clone();
    let file = PathBuf::from(files[0].as_str().unwrap());
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("_schema_diff.php"), "{name}");
    std::fs::copy(&file, dir.join(&name)).unwrap();

    assert_eq!(
        laravel(&start.db, &dir, "migrate"),
        [name.trim_end_matches(".php")]
    );
    let diff = diff_in(&app, &start, &target, &[]);
    diff.expect_code(0);
    assert!(diff.stdout.contains("no differences"), "{}", diff.all());

    // Printed without --out: the migration, on stdout (nothing left to do: an empty one).
    let printed = diff_in(&app, &start, &target, &["--emit", "laravel"]);
    printed.expect_code(0);
    assert!(printed.stdout.starts_with("<?php"), "{}", printed.all());

    // Rename hints would be silently a drop and an add in PHP: refused, with what to do.
    let renamed = diff_in(
        &app,
        &start,
        &target,
        &["--emit", "laravel", "--rename-table", "tags=labels"],
    );
    renamed.expect_code(2);
    assert!(renamed.stderr.contains("--emit sql"), "{}", renamed.all());

    assert_eq!(
        laravel(&start.db, &dir, "rollback"),
        [name.trim_end_matches(".php")]
    );
    let empty = Project::new(engine);
    let diff = diff_in(&app, &start, &empty, &[]);
    diff.expect_code(0);
    assert!(
        diff.stdout.contains("no differences"),
        "down() undoes up(): {}",
        diff.all()
    );
}

/// `keel diff` from `from`'s database (also the one connected to) to `to`'s, run in `app`.
fn diff_in(app: &Path, from: &Project, to: &Project, extra: &[&str]) -> Run {
    let mut args = vec!["diff", from.db.url(), to.db.url()];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--database", from.db.url()]);
    run_in(app, &args)
}

keel_testkit::engine_tests!(
    twelve_lost_php_migrations_come_back_and_real_laravel_rebuilds_the_live_schema,
    emitted_php_runs_under_real_laravel_to_the_target_schema
);
