//! The real artisan under keel's safety net: `keel run -- php artisan migrate --force` on a
//! Laravel application whose innocent-looking `renameColumn` makes Laravel 8 rebuild a parent
//! table on SQLite — and, with foreign keys on, cascade-delete the children.

mod common;

use std::path::Path;
use std::process::Command;

use common::laravel::{fixture, php_available};
use common::run_in;

/// The cascade application in a private folder (with the migrator harness beside it, where
/// its artisan looks), migrated by Laravel, with two authors and three books.
fn cascade_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    copy_dir(&fixture().join("cascade"), &app);
    std::fs::copy(
        fixture().join("migrate.php"),
        dir.path().join("migrate.php"),
    )
    .unwrap();
    std::fs::write(app.join("database/database.sqlite"), "").unwrap();
    let out = artisan(&app, &["migrate", "--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sqlite(
        &app,
        "INSERT INTO authors (id, name) VALUES (1, 'Ada'), (2, 'Grace');
         INSERT INTO books (id, author_id, title) VALUES (1, 1, 'Notes'), (2, 1, 'More notes'), (3, 2, 'COBOL');",
    );
    dir
}

/// The innocent-looking `renameColumn` migration, written into the application.
fn add_the_rename(app: &Path) {
    copy_dir(
        &fixture().join("cascade-later"),
        &app.join("database/migrations"),
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn artisan(app: &Path, args: &[&str]) -> std::process::Output {
    Command::new("php")
        .arg("artisan")
        .args(args)
        .current_dir(app)
        .output()
        .unwrap()
}

fn database(app: &Path) -> Box<dyn keel_driver::Connection> {
    keel_testkit::connect(&format!(
        "sqlite://{}",
        app.join("database/database.sqlite").display()
    ))
}

fn sqlite(app: &Path, sql: &str) {
    let mut conn = database(app);
    for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
        conn.execute(statement).unwrap();
    }
}

fn count(app: &Path, table: &str) -> i64 {
    let rows = database(app)
        .query(&format!("SELECT COUNT(*) FROM {table}"), &[])
        .unwrap();
    rows[0][0].as_i64().unwrap()
}

#[test]
fn a_cascade_inside_artisan_migrate_is_reported_by_table_and_undone() {
    if !php_available() {
        return;
    }
    let dir = cascade_app();
    let app = dir.path().join("app");
    add_the_rename(&app);

    let run = run_in(&app, &["run", "--", "php", "artisan", "migrate", "--force"]);
    run.expect_code(1);
    let all = run.all();
    assert!(all.contains("books: 3 rows → 0 (rows deleted)"), "{all}");
    assert!(
        all.contains("moved: authors.name → authors.full_name"),
        "{all}"
    );

    // Everything is back: the children, the old column, and Laravel's own history.
    assert_eq!(count(&app, "books"), 3);
    let status = artisan(&app, &["migrate:status"]);
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(
        status.contains("Pending 2024_01_03_000000_rename_authors_name"),
        "{status}"
    );
    assert!(
        status.contains("Ran 2024_01_02_000000_create_books_table"),
        "{status}"
    );
}

#[test]
fn accepting_the_loss_keeps_what_artisan_did() {
    if !php_available() {
        return;
    }
    let dir = cascade_app();
    let app = dir.path().join("app");
    add_the_rename(&app);
    run_in(
        &app,
        &[
            "run",
            "--accept-loss",
            "--",
            "php",
            "artisan",
            "migrate",
            "--force",
        ],
    )
    .expect_code(0);
    assert_eq!(count(&app, "books"), 0);
}

#[test]
fn keel_migrate_in_a_laravel_application_runs_artisan_under_the_guard() {
    if !php_available() {
        return;
    }
    let dir = cascade_app();
    let app = dir.path().join("app");
    add_the_rename(&app);
    let migrate = run_in(&app, &["migrate"]);
    migrate.expect_code(1);
    assert!(
        migrate.all().contains("books: 3 rows → 0 (rows deleted)"),
        "{}",
        migrate.all()
    );
    assert_eq!(count(&app, "books"), 3);

    // A rollback through keel is artisan's, guarded the same way: the last batch (books)
    // would drop three rows.
    std::fs::remove_file(app.join("database/migrations/2024_01_03_000000_rename_authors_name.php"))
        .unwrap();
    let rollback = run_in(&app, &["rollback", "--step", "1"]);
    rollback.expect_code(1);
    assert!(rollback.all().contains("books"), "{}", rollback.all());
    assert_eq!(count(&app, "books"), 3);
}

#[test]
fn without_php_keel_says_how_to_migrate_a_laravel_application() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    copy_dir(&fixture().join("cascade"), &app);
    std::fs::write(app.join("database/database.sqlite"), "").unwrap();
    // A PATH without php.
    let out = std::process::Command::new(common::keel_bin())
        .arg("migrate")
        .current_dir(&app)
        .env("PATH", "/nonexistent")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PHP was not found"), "{stderr}");
    assert!(
        stderr.contains("keel run -- php artisan migrate --force"),
        "{stderr}"
    );
}

/// A pending PHP migration declares the values it drops (`// keel:allows-loss books.title`):
/// `keel migrate` runs it through artisan and keeps the result; the same migration without
/// the comment is reported and undone.
#[test]
fn a_php_allows_loss_comment_lets_keel_migrate_keep_the_declared_drop() {
    if !php_available() {
        return;
    }
    let drop_titles = |declared: &str| {
        format!(
            "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\n\
             use Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{{\n    \
             public function up()\n    {{\n        Schema::table('books', function (Blueprint $table) {{\n            \
             {declared}\n            $table->dropColumn('title');\n        }});\n    }}\n\n    \
             public function down()\n    {{\n        Schema::table('books', function (Blueprint $table) {{\n            \
             $table->string('title')->default('');\n        }});\n    }}\n}};\n"
        )
    };
    let file = "database/migrations/2024_01_03_000000_drop_book_titles.php";

    let dir = cascade_app();
    let app = dir.path().join("app");
    std::fs::write(
        app.join(file),
        drop_titles("// titles now live in the catalogue service"),
    )
    .unwrap();
    let refused = run_in(&app, &["migrate"]);
    refused.expect_code(1);
    assert!(refused.all().contains("books.title"), "{}", refused.all());
    assert_eq!(count(&app, "books WHERE title IS NOT NULL"), 3, "restored");

    std::fs::write(
        app.join(file),
        drop_titles("// keel:allows-loss books.title"),
    )
    .unwrap();
    let kept = run_in(&app, &["migrate"]);
    kept.expect_code(0);
    let columns = database(&app)
        .query("SELECT name FROM pragma_table_info('books')", &[])
        .unwrap();
    assert!(
        !columns.iter().any(|c| c[0].as_str() == Some("title")),
        "title is gone: {columns:?}\n{}",
        kept.all()
    );
    assert_eq!(count(&app, "books"), 3, "no row lost");
}
