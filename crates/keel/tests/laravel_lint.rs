//! `keel lint` on Laravel PHP migrations, through the real binary: the same rules as for SQL,
//! with findings on the PHP lines. The fixture migrations are in `tests/laravel/lint/<case>`;
//! each test copies one case into a fresh Laravel application (`artisan` beside `.env`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run_in, Run};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/laravel/lint")
}

/// A Laravel application whose `.env` names `connection`, holding the migrations of `case`.
fn app(connection: &str, case: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("artisan"), "#!/usr/bin/env php\n<?php\n").unwrap();
    let database = match connection {
        "sqlite" => "database/database.sqlite",
        _ => "app",
    };
    std::fs::write(
        root.join(".env"),
        format!(
            "APP_NAME=Fixture\nDB_CONNECTION={connection}\nDB_HOST=127.0.0.1\nDB_DATABASE={database}\nDB_USERNAME=app\n"
        ),
    )
    .unwrap();
    let dir = root.join("database/migrations");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(cases().join(case)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    tmp
}

/// `(rule, file name, line)` of every finding of a JSON report.
fn findings(run: &Run) -> Vec<(String, String, u64)> {
    run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            (
                f["rule"].as_str().unwrap().to_string(),
                file.rsplit('/').next().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn of_rule(run: &Run, rule: &str) -> Vec<(String, u64)> {
    findings(run)
        .into_iter()
        .filter(|(r, _, _)| r == rule)
        .map(|(_, file, line)| (file, line))
        .collect()
}

fn lint_json(dir: &Path, args: &[&str]) -> Run {
    let mut full = vec!["lint", "--format", "json"];
    full.extend(args);
    let run = run_in(dir, &full);
    assert!(run.code == 0 || run.code == 1, "{}", run.all());
    run
}

#[test]
fn fk_without_index_fires_on_a_foreign_id_without_index_on_postgresql_and_is_quiet_on_mysql() {
    // The dialect comes from the Laravel .env: DB_CONNECTION=pgsql.
    let pg = app("pgsql", "fk");
    let run = lint_json(pg.path(), &[]);
    assert_eq!(
        of_rule(&run, "fk-without-index"),
        vec![("2024_01_01_000001_create_books_table.php".to_string(), 13)],
        "foreignId('author_id')->constrained() on line 13 has no index; editor_id on line 14 has ->index(): {}",
        run.all()
    );
    // InnoDB indexes every foreign key itself.
    let mysql = app("mysql", "fk");
    let run = lint_json(mysql.path(), &[]);
    assert_eq!(of_rule(&run, "fk-without-index"), vec![], "{}", run.all());
    // --dialect overrides the .env.
    let run = lint_json(pg.path(), &["--dialect", "mysql"]);
    assert_eq!(of_rule(&run, "fk-without-index"), vec![], "{}", run.all());
}

#[test]
fn drop_before_copy_fires_on_a_drop_column_before_an_update_that_reads_it() {
    let tmp = app("pgsql", "drop_before_copy");
    let run = lint_json(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        of_rule(&run, "drop-before-copy"),
        vec![(
            "2024_02_02_000000_move_caption_into_description.php".to_string(),
            13
        )],
        "{}",
        run.all()
    );
    let report = run.json();
    let message = &report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "drop-before-copy")
        .unwrap()["message"];
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("2024_02_02_000000_move_caption_into_description.php:16 still reads it"),
        "the finding names the ->update(…) line that reads caption: {message}"
    );

    // Copying first, then dropping, is the safe order.
    let safe = app("pgsql", "copy_then_drop");
    let run = lint_json(safe.path(), &[]);
    assert_eq!(of_rule(&run, "drop-before-copy"), vec![], "{}", run.all());
    // `// keel:ignore destructive-drop` above the Schema::table covers its dropColumn.
    assert_eq!(of_rule(&run, "destructive-drop"), vec![], "{}", run.all());
    assert_eq!(of_rule(&run, "unused-suppression"), vec![], "{}", run.all());
}

#[test]
fn missing_down_fires_on_an_absent_or_empty_down_method_only() {
    let tmp = app("sqlite", "missing_down");
    let run = lint_json(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        of_rule(&run, "missing-down"),
        vec![
            // No down(): the class declaration.
            ("2024_03_01_000000_create_tags_table.php".to_string(), 7),
            // `public function down() { // }`: the method.
            (
                "2024_03_01_000001_add_slug_to_tags_table.php".to_string(),
                16
            ),
        ],
        "{}",
        run.all()
    );
}

#[test]
fn too_many_tables_points_at_the_third_table() {
    let tmp = app("pgsql", "too_many_tables");
    let run = lint_json(tmp.path(), &[]);
    assert_eq!(
        of_rule(&run, "too-many-tables"),
        vec![(
            "2024_04_01_000000_create_access_control_tables.php".to_string(),
            21
        )],
        "{}",
        run.all()
    );
}

#[test]
fn the_human_report_shows_the_php_line() {
    let tmp = app("pgsql", "fk");
    let run = run_in(tmp.path(), &["lint"]);
    assert_eq!(run.code, 0, "a warning alone exits 0: {}", run.all());
    let out = &run.stdout;
    assert!(
        out.contains("warning[fk-without-index]")
            && out
                .contains("--> database/migrations/2024_01_01_000001_create_books_table.php:13:13")
            && out.contains("13 |             $table->foreignId('author_id')->constrained();"),
        "{out}"
    );
}

#[test]
fn sarif_and_json_point_at_the_php_file() {
    let tmp = app("pgsql", "fk");
    let run = run_in(tmp.path(), &["lint", "--format", "sarif"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "fk-without-index", "{sarif:#}");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "database/migrations/2024_01_01_000001_create_books_table.php"
    );
    assert_eq!(location["region"]["startLine"], 13);

    let run = lint_json(tmp.path(), &[]);
    let finding = &run.json()["findings"][0];
    assert_eq!(
        finding["file"],
        "database/migrations/2024_01_01_000001_create_books_table.php"
    );
    assert_eq!(finding["line"], 13);
    assert_eq!(finding["column"], 13);
}

#[test]
fn a_loose_php_path_is_linted_too() {
    let file = cases().join("too_many_tables/2024_04_01_000000_create_access_control_tables.php");
    let tmp = tempfile::tempdir().unwrap();
    let run = lint_json(
        tmp.path(),
        &["--dialect", "postgres", file.to_str().unwrap()],
    );
    assert_eq!(
        of_rule(&run, "too-many-tables"),
        vec![(
            "2024_04_01_000000_create_access_control_tables.php".to_string(),
            21
        )],
        "{}",
        run.all()
    );
}

#[test]
fn php_keel_cannot_follow_is_an_opaque_migration_finding_with_its_line() {
    let tmp = app("pgsql", "fk");
    std::fs::write(
        tmp.path()
            .join("database/migrations/2024_01_01_000002_add_columns_in_a_loop.php"),
        "<?php\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        foreach (['a', 'b'] as $name) {\n            Schema::table('books', fn (Blueprint $table) => $table->string($name));\n        }\n    }\n\n    public function down()\n    {\n    }\n};\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path()
            .join("database/migrations/2024_01_01_000003_broken.php"),
        "<?php\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        Schema::table('books', function (Blueprint $table) {\n            $table->string('x')\n        });\n    }\n};\n",
    )
    .unwrap();
    let run = lint_json(tmp.path(), &[]);
    let opaque = of_rule(&run, "opaque-migration");
    assert!(
        opaque.contains(&("2024_01_01_000002_add_columns_in_a_loop.php".to_string(), 7)),
        "the loop on line 7: {}",
        run.all()
    );
    assert!(
        opaque
            .iter()
            .any(|(file, _)| file == "2024_01_01_000003_broken.php"),
        "PHP that does not parse: {}",
        run.all()
    );
    // An unreadable file is not also reported as lacking a down().
    assert!(
        !of_rule(&run, "missing-down")
            .iter()
            .any(|(file, _)| file == "2024_01_01_000003_broken.php"),
        "{}",
        run.all()
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn git_aware_rules_read_laravel_file_names() {
    let tmp = app("pgsql", "missing_down");
    let root = tmp.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.name", "t"]);
    git(root, &["config", "user.email", "t@example.invalid"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "tags"]);
    let dir = root.join("database/migrations");
    std::fs::remove_file(dir.join("2024_03_01_000000_create_tags_table.php")).unwrap();
    let edited = dir.join("2024_03_01_000002_add_color_to_tags_table.php");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("'color'", "'colour'")).unwrap();
    // Older than the newest committed migration, and sharing a timestamp with another file.
    std::fs::copy(
        cases().join("missing_down/2024_03_01_000002_add_color_to_tags_table.php"),
        dir.join("2024_03_01_000001_add_colour_to_tags_table.php"),
    )
    .unwrap();
    let run = lint_json(root, &["--since", "HEAD"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        of_rule(&run, "deleted-migration"),
        vec![("2024_03_01_000000_create_tags_table.php".to_string(), 1)],
        "{}",
        run.all()
    );
    assert_eq!(
        of_rule(&run, "modified-migration"),
        vec![(
            "2024_03_01_000002_add_color_to_tags_table.php".to_string(),
            12
        )],
        "{}",
        run.all()
    );
    assert_eq!(
        of_rule(&run, "out-of-order-version"),
        vec![(
            "2024_03_01_000001_add_colour_to_tags_table.php".to_string(),
            1
        )],
        "{}",
        run.all()
    );
    assert_eq!(
        of_rule(&run, "duplicate-version").len(),
        1,
        "two files with the timestamp 2024_03_01_000001: {}",
        run.all()
    );
}

#[test]
fn db_statement_sql_is_linted_with_its_lines_and_columns_in_the_php_file() {
    let tmp = app("pgsql", "statement");
    let run = lint_json(tmp.path(), &[]);
    let report = run.json();
    let at = |rule: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
    };
    // `DB::statement('CREATE INDEX …')`: the SQL starts at column 24 of line 10.
    assert_eq!(at("blocking-index"), Some((10, 24)), "{}", run.all());
    // A multi-line string: the ALTER TABLE is on line 13.
    assert_eq!(at("table-rewrite"), Some((13, 13)), "{}", run.all());
}

/// A PHP migration declares the values it may lose in a PHP comment, as an SQL one does with
/// `-- keel:allows-loss`: the drop it names is accepted, any other still reported.
#[test]
fn a_php_allows_loss_comment_accepts_the_drop_it_names_only() {
    let tmp = app("pgsql", "fk");
    let migration = |allows: &str| {
        format!(
            "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\n\
             use Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{{\n    \
             public function up()\n    {{\n        Schema::table('books', function (Blueprint $table) {{\n            \
             {allows}\n            $table->dropColumn('title');\n            $table->dropColumn('isbn');\n        \
             }});\n    }}\n\n    public function down()\n    {{\n        Schema::table('books', function (Blueprint $table) {{\n            \
             $table->string('title')->nullable();\n            $table->string('isbn')->nullable();\n        }});\n    }}\n}};\n"
        )
    };
    let file = tmp
        .path()
        .join("database/migrations/2024_01_01_000002_drop_book_columns.php");
    std::fs::write(&file, migration("// nothing declared")).unwrap();
    let name = "2024_01_01_000002_drop_book_columns.php".to_string();
    let run = lint_json(tmp.path(), &[]);
    assert_eq!(
        of_rule(&run, "destructive-drop"),
        vec![(name.clone(), 13), (name.clone(), 14)],
        "{}",
        run.all()
    );

    std::fs::write(&file, migration("// keel:allows-loss books.title")).unwrap();
    let run = lint_json(tmp.path(), &[]);
    assert_eq!(
        of_rule(&run, "destructive-drop"),
        vec![(name, 14)],
        "only isbn is still reported: {}",
        run.all()
    );
}
