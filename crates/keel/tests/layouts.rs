//! The plain-SQL layouts keel reads besides its own — diesel, dbmate and Flyway — are
//! detected, migrated, reported and rolled back like keel's, and `keel new` continues each in
//! its own style.

mod common;

use std::path::Path;

use common::{run_in, Engine, Project};

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// (id, name, state) of every migration `status` reports.
fn listed(p: &Project) -> Vec<(String, String, String)> {
    let run = p.keel(&["status", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.all());
    run.json()["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["name"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// `keel new NAME --format json` in `root`: the files it wrote, which must exist.
#[track_caller]
fn new_migration(root: &Path, name: &str, layout: &str) -> Vec<String> {
    let run = run_in(root, &["new", name, "--format", "json"]);
    run.expect_code(0);
    let report = run.json();
    assert_eq!(report["layout"], layout, "{report}");
    let files = strings(&report["files"]);
    for f in &files {
        assert!(Path::new(f).is_file(), "{f} was not written");
    }
    files
}

/// The part of `path` below `dir`, with `/` separators.
fn relative(path: &str, dir: &Path) -> String {
    Path::new(path)
        .strip_prefix(dir)
        .unwrap_or_else(|_| panic!("{path} is not inside {}", dir.display()))
        .to_string_lossy()
        .replace('\\', "/")
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.chars().all(|c| c.is_ascii_digit())
}

fn diesel_folders_are_detected_migrated_and_rolled_back(engine: Engine) {
    let p = Project::new(engine);
    p.write(
        "migrations/2024-01-31-120000_create_users/up.sql",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n",
    );
    p.write(
        "migrations/2024-01-31-120000_create_users/down.sql",
        "DROP TABLE users;\n",
    );
    p.write(
        "migrations/2024-02-01-093000_create_posts/up.sql",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);\n\
         INSERT INTO posts (id, user_id) VALUES (1, 1);\n",
    );
    p.write(
        "migrations/2024-02-01-093000_create_posts/down.sql",
        "-- keel:allows-loss posts\nDROP TABLE posts;\n",
    );
    assert_eq!(
        listed(&p),
        triples(&[
            ("20240131120000", "create_users", "pending"),
            ("20240201093000", "create_posts", "pending"),
        ])
    );

    let run = p.keel(&["migrate"]);
    run.expect_code(0);
    assert_contains(&run.stderr, "(diesel layout)");
    assert_eq!(p.db.scalar("SELECT count(*) FROM posts"), 1);
    assert_eq!(
        listed(&p),
        triples(&[
            ("20240131120000", "create_users", "applied"),
            ("20240201093000", "create_posts", "applied"),
        ])
    );

    let back = p.keel_json(&["rollback", "--step", "1"], 0);
    assert_eq!(strings(&back["rolled_back"]), ["20240201093000"]);
    assert!(!p.db.has_table("posts") && p.db.has_table("users"));

    // `keel new` writes a diesel folder with up.sql and down.sql.
    let files = new_migration(&p.root, "add tags", "diesel");
    let mut names: Vec<String> = files
        .iter()
        .map(|f| relative(f, &p.migrations_dir()))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    let folder = names[0].split('/').next().unwrap().to_string();
    assert_eq!(
        names,
        [format!("{folder}/down.sql"), format!("{folder}/up.sql")]
    );
    let stamp = folder
        .strip_suffix("_add_tags")
        .expect("named after the migration");
    let parts: Vec<&str> = stamp.split('-').collect();
    assert!(
        parts.len() == 4
            && is_digits(parts[0], 4)
            && is_digits(parts[1], 2)
            && is_digits(parts[2], 2)
            && is_digits(parts[3], 6),
        "diesel's YYYY-MM-DD-HHMMSS folder, got {folder}"
    );
    assert_eq!(listed(&p).len(), 3, "the new folder is a migration");
    assert_eq!(listed(&p)[2].1, "add_tags");
}

fn dbmate_files_are_detected_migrated_and_rolled_back(engine: Engine) {
    let p = Project::new(engine);
    p.write(
        "migrations/20240131120000_create_users.sql",
        "-- migrate:up\n\
         CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n\
         INSERT INTO users (id, email) VALUES (1, 'ada@example.com');\n\
         \n\
         -- migrate:down\n\
         -- keel:allows-loss users\n\
         DROP TABLE users;\n",
    );
    p.write(
        "migrations/20240201093000_create_posts.sql",
        "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE posts;\n",
    );
    assert_eq!(
        listed(&p),
        triples(&[
            ("20240131120000", "create_users", "pending"),
            ("20240201093000", "create_posts", "pending"),
        ])
    );

    let run = p.keel(&["migrate"]);
    run.expect_code(0);
    assert_contains(&run.stderr, "(dbmate layout)");
    // Only the up section ran: the table exists and holds its row.
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 1);
    assert!(p.db.has_table("posts"));

    let back = p.keel_json(&["rollback"], 0);
    assert_eq!(
        strings(&back["rolled_back"]),
        ["20240201093000", "20240131120000"]
    );
    assert!(!p.db.has_table("users") && !p.db.has_table("posts"));
    assert!(p.history().is_empty());

    // `keel new` writes one file with both markers.
    let files = new_migration(&p.root, "add tags", "dbmate");
    assert_eq!(files.len(), 1, "{files:?}");
    let name = relative(&files[0], &p.migrations_dir());
    let version = name
        .strip_suffix("_add_tags.sql")
        .unwrap_or_else(|| panic!("named after the migration: {name}"));
    assert!(is_digits(version, 14), "a timestamp version: {name}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let up = text.find("-- migrate:up").expect("an up marker");
    let down = text.find("-- migrate:down").expect("a down marker");
    assert!(up < down, "{text}");
    assert_eq!(listed(&p).len(), 3, "the new file is a migration");
}

fn dbmate_failure_names_the_line_in_the_file(engine: Engine) {
    let p = Project::new(engine);
    let text = "\
-- Widgets, copied from the old system.
-- The copy below fails: the old table is gone.

-- migrate:up
CREATE TABLE widgets (id INTEGER PRIMARY KEY, name VARCHAR(50));

-- a comment between statements



INSERT INTO widgets (id, name) SELECT id, name FROM old_widgets;

-- migrate:down
DROP TABLE IF EXISTS widgets;
";
    p.write("migrations/20240131120000_create_widgets.sql", text);
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    let line = text.lines().position(|l| l.starts_with("INSERT")).unwrap() + 1;
    assert_eq!(line, 11);
    let path = p.migrations_dir().join("20240131120000_create_widgets.sql");
    assert_contains(&run.stderr, &format!("{}:{line} ", path.display()));
    assert_contains(&run.stderr, "statement 2 of 2");
    assert_contains(&run.stderr, "old_widgets");
}

fn flyway_versions_order_numerically_and_undo_with_u_files(engine: Engine) {
    let p = Project::new(engine);
    let flyway = |version: &str, name: &str, up: &str, down: &str| {
        p.write(&format!("migrations/V{version}__{name}.sql"), up);
        p.write(&format!("migrations/U{version}__{name}.sql"), down);
    };
    flyway(
        "1",
        "create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE users;\n",
    );
    flyway(
        "1_1",
        "add_users_email",
        "ALTER TABLE users ADD COLUMN email VARCHAR(200);\n",
        "-- keel:allows-loss users.email\nALTER TABLE users DROP COLUMN email;\n",
    );
    flyway(
        "2",
        "create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE posts;\n",
    );
    flyway(
        "10",
        "create_tags",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE tags;\n",
    );
    assert_eq!(
        listed(&p),
        triples(&[
            ("1", "create_users", "pending"),
            ("1.1", "add_users_email", "pending"),
            ("2", "create_posts", "pending"),
            ("10", "create_tags", "pending"),
        ])
    );

    let first = p.keel_json(&["migrate", "--to", "1.1"], 0);
    assert_eq!(strings(&first["applied"]), ["1", "1.1"], "{first}");
    p.db.execute("INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");
    assert!(!p.db.has_table("posts"));
    let second = p.keel_json(&["migrate"], 0);
    assert_eq!(strings(&second["applied"]), ["2", "10"], "{second}");
    assert_eq!(second["batch"], 2);

    let run = p.keel(&["status"]);
    run.expect_code(0);
    let order: Vec<&str> = run
        .stdout
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(order, ["1", "1.1", "2", "10"], "{}", run.stdout);

    let back = p.keel_json(&["rollback"], 0);
    assert_eq!(strings(&back["rolled_back"]), ["10", "2"]);
    assert!(!p.db.has_table("tags") && !p.db.has_table("posts"));
    // U1_1 drops the column that V1_1 added.
    let one = p.keel_json(&["rollback", "--step", "1"], 0);
    assert_eq!(strings(&one["rolled_back"]), ["1.1"]);
    assert!(
        p.db.connect()
            .query("SELECT email FROM users", &[])
            .is_err(),
        "U1_1__add_users_email.sql must have dropped users.email"
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 1);

    // `keel new` continues with the next major version, as V and U files.
    let files = new_migration(&p.root, "add tags", "flyway");
    let mut names: Vec<String> = files
        .iter()
        .map(|f| relative(f, &p.migrations_dir()))
        .collect();
    names.sort();
    assert_eq!(names, ["U11__add_tags.sql", "V11__add_tags.sql"]);
    assert_eq!(listed(&p).last().unwrap().0, "11");
}

#[test]
fn keel_new_continues_sequential_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let migrations = root.join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    std::fs::write(
        migrations.join("0001_create_users.up.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(
        migrations.join("0001_create_users.down.sql"),
        "DROP TABLE users;\n",
    )
    .unwrap();

    let files = new_migration(root, "Add tags", "keel");
    let mut names: Vec<String> = files.iter().map(|f| relative(f, &migrations)).collect();
    names.sort();
    assert_eq!(names, ["0002_add_tags.down.sql", "0002_add_tags.up.sql"]);

    let next = new_migration(root, "add posts", "keel");
    let mut names: Vec<String> = next.iter().map(|f| relative(f, &migrations)).collect();
    names.sort();
    assert_eq!(names, ["0003_add_posts.down.sql", "0003_add_posts.up.sql"]);
    assert_eq!(
        std::fs::read_to_string(migrations.join("0001_create_users.up.sql")).unwrap(),
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
        "existing migrations are left alone"
    );
}

keel_testkit::engine_tests!(
    diesel_folders_are_detected_migrated_and_rolled_back,
    dbmate_files_are_detected_migrated_and_rolled_back,
    dbmate_failure_names_the_line_in_the_file,
    flyway_versions_order_numerically_and_undo_with_u_files,
);
