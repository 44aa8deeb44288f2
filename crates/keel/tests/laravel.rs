//! Laravel projects: keel reads PHP migrations statically, and Laravel's own migrator is the
//! oracle. The fixture application in `tests/laravel/app` has more than forty migrations that
//! exercise the Schema builder; Laravel 8 (Debian's php-laravel-framework) runs them through
//! `tests/laravel/migrate.php`, and the schema keel derives without PHP must be the same.
//!
//! Without PHP these tests are skipped with a note — except under `CI=true`, where a missing
//! PHP fails them, as a missing database server does.

mod common;

use std::path::PathBuf;

use common::laravel::{fixture_migrations, laravel, laravel_app, php_available};
use common::{run_in, Engine, Project};

/// The oracle: what keel derives from the PHP without running it equals what Laravel's own
/// migrator builds.
fn static_replay_equals_laravels_migrator(engine: Engine) {
    if !php_available() {
        return;
    }
    let p = Project::new(engine);
    let names = fixture_migrations(usize::MAX);
    assert!(
        names.len() >= 40,
        "the fixture has {} migrations",
        names.len()
    );
    let app = laravel_app(&p.root, &names);
    let ran = laravel(&p.db, &app.join("database/migrations"), "migrate");
    assert_eq!(ran.len(), names.len(), "Laravel ran {ran:?}");

    let url = p.db.url();
    let diff = run_in(&app, &["diff", "migrations", url, "--database", url]);
    diff.expect_code(0);
    assert!(diff.stdout.contains("no differences"), "{}", diff.all());

    let verify = run_in(
        &app,
        &[
            "verify",
            "--against",
            "migrations",
            "--database",
            url,
            "--format",
            "json",
        ],
    );
    verify.expect_code(0);
    assert_eq!(verify.json()["in_sync"], true);

    // History is Laravel's own table: every file ran, nothing missing or modified.
    let status = run_in(&app, &["status", "--database", url, "--format", "json"]);
    status.expect_code(0);
    let json = status.json();
    assert_eq!(json["summary"]["applied"], names.len());
    assert_eq!(
        json["migrations"][0]["id"],
        "2014_10_12_000000_create_users_table"
    );
    assert_eq!(json["migrations"][0]["name"], "create_users_table");
    assert_eq!(json["migrations"][0]["batch"], 1);

    // A snapshot of a Laravel database leaves Laravel's history table out.
    run_in(&app, &["snapshot", "--database", url]).expect_code(0);
    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(app.join("schema.json")).unwrap()).unwrap();
    let text = snapshot.to_string();
    assert!(text.contains("\"photos\""), "{text}");
    assert!(!text.contains("\"migrations\""), "{text}");
}

/// Status reads Laravel's `migrations` table and shows what `artisan migrate:status` hides:
/// rows whose file is gone.
fn status_names_rows_whose_file_is_gone(engine: Engine) {
    if !php_available() {
        return;
    }
    let p = Project::new(engine);
    let names: Vec<String> = fixture_migrations(usize::MAX)
        .into_iter()
        .take(15)
        .collect();
    let app = laravel_app(&p.root, &names);
    assert_eq!(
        laravel(&p.db, &app.join("database/migrations"), "migrate").len(),
        15
    );
    for gone in &names[3..] {
        std::fs::remove_file(app.join("database/migrations").join(gone)).unwrap();
    }
    let url = p.db.url();
    let run = run_in(&app, &["status", "--database", url, "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert_eq!(json["summary"]["applied"], 3);
    assert_eq!(json["summary"]["missing"], 12);
    let missing: Vec<&str> = json["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["state"] == "missing")
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = names[3..]
        .iter()
        .map(|n| n.trim_end_matches(".php"))
        .collect();
    assert_eq!(missing, expected);

    let human = run_in(&app, &["status", "--database", url]);
    human.expect_code(1);
    assert!(
        human.stdout.contains("3 applied, 0 pending, 12 missing"),
        "{}",
        human.all()
    );
    assert!(
        human
            .stdout
            .contains("2021_02_05_000000_create_settings_table"),
        "the missing ones are named: {}",
        human.all()
    );
    assert!(
        human
            .stdout
            .contains("`php artisan migrate:status` does not show such rows"),
        "{}",
        human.all()
    );
    // Reading history never changes it.
    assert_eq!(
        p.db.scalar("SELECT COUNT(*) FROM migrations"),
        15,
        "Laravel's table is left as it was"
    );
    assert!(!p.db.has_table("keel_checksums"));
}

keel_testkit::engine_tests!(
    static_replay_equals_laravels_migrator,
    status_names_rows_whose_file_is_gone
);

/// A Laravel app with the given migration files, on a fresh SQLite database.
fn app_with(files: &[(&str, &str)]) -> (Project, PathBuf) {
    let p = Project::new(Engine::Sqlite);
    let app = laravel_app(&p.root, &[]);
    for (name, text) in files {
        std::fs::write(app.join("database/migrations").join(name), text).unwrap();
    }
    (p, app)
}

#[test]
fn a_php_syntax_error_is_named_with_file_and_line() {
    let (p, app) = app_with(&[(
        "2024_01_01_000000_broken.php",
        "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('a', function (Blueprint $t) {\n            $t->id()\n            $t->string('x');\n        });\n    }\n};\n",
    )]);
    let url = p.db.url();
    let run = run_in(&app, &["diff", "migrations", url, "--database", url]);
    run.expect_code(2);
    let all = run.all();
    assert!(all.contains("2024_01_01_000000_broken.php:"), "{all}");
    assert!(all.contains("PHP syntax error"), "{all}");
    assert!(!all.contains("panicked"), "{all}");
}

#[test]
fn loops_closures_and_variables_are_opaque_never_guessed() {
    let (p, app) = app_with(&[
        (
            "2024_01_01_000000_loop.php",
            "<?php\nreturn new class extends Migration {\n    public function up() {\n        foreach (['a', 'b'] as $name) {\n            Schema::create($name, fn (Blueprint $t) => $t->id());\n        }\n    }\n};\n",
        ),
        (
            "2024_01_01_000001_closure.php",
            "<?php\nreturn new class extends Migration {\n    public function up() {\n        $build = function (Blueprint $t) { $t->id(); };\n        Schema::create('c', $build);\n        Schema::table('c', function (Blueprint $t) {\n            $t->string(config('app.column'));\n            $t->macroColumn('x');\n        });\n    }\n};\n",
        ),
    ]);
    let url = p.db.url();
    let run = run_in(
        &app,
        &["verify", "--against", "migrations", "--database", url],
    );
    run.expect_code(2);
    let all = run.all();
    for expected in [
        "2024_01_01_000000_loop.php:4: a `foreach` loop is not followed statically",
        "2024_01_01_000001_closure.php:4:",
        "2024_01_01_000001_closure.php:5: Schema::create needs a closure written in place",
        "2024_01_01_000001_closure.php:7:",
        "2024_01_01_000001_closure.php:8: the Blueprint method macroColumn() is not one keel knows",
    ] {
        assert!(all.contains(expected), "expected `{expected}` in:\n{all}");
    }
    assert!(!all.contains("panicked"), "{all}");
}

#[test]
fn a_tricky_env_resolves_and_a_broken_one_is_named() {
    let (_p, app) = app_with(&[]);
    std::fs::write(
        app.join(".env"),
        "# comment line\nAPP_NAME=\"Keel # Demo\"\nexport DATA_DIR=storage\nDB_CONNECTION='sqlite' # inline comment\n\
         DB_DATABASE=\"${DATA_DIR}/app.sqlite\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(app.join("storage")).unwrap();
    let run = run_in(&app, &["status", "--format", "json"]);
    run.expect_code(0);
    assert!(
        app.join("storage/app.sqlite").exists(),
        "the SQLite path is relative to the project: {}",
        run.all()
    );

    std::fs::write(
        app.join(".env"),
        "DB_CONNECTION=pgsql\nDB_HOST=127.0.0.1\nDB_PORT=1\nDB_DATABASE=app\nDB_USERNAME=app\nDB_PASSWORD=\"s3cr#t word\"\n",
    )
    .unwrap();
    let refused = run_in(&app, &["status"]);
    refused.expect_code(2);
    assert!(
        !refused.all().contains("s3cr#t"),
        "the password is never printed: {}",
        refused.all()
    );
    assert!(refused.all().contains(".env"), "{}", refused.all());

    std::fs::write(
        app.join(".env"),
        "DB_CONNECTION=sqlite\nDB_DATABASE=\"open\n",
    )
    .unwrap();
    let broken = run_in(&app, &["status"]);
    broken.expect_code(2);
    assert!(broken.all().contains("line 2"), "{}", broken.all());
    assert!(!broken.all().contains("panicked"), "{}", broken.all());
}
