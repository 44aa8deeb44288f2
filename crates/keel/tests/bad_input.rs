//! Bad input is refused with a clear message and exit 2, and changes nothing: no keel table
//! appears in the database (for SQLite, not even the file, or at least no keel table), no
//! password is shown, and `--format json` still prints a JSON object with an `error` key.

mod common;

use std::path::Path;

use common::{run_in, Engine, Project, Run};

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// Runs `keel ARGS` in `dir` for people and for scripts: both exit 2, both name every
/// needle, and neither (nor the journal) shows any of the secrets.
#[track_caller]
fn expect_refusal(dir: &Path, args: &[&str], needles: &[&str], secrets: &[&str]) -> Run {
    let human = run_in(dir, args);
    human.expect_code(2);
    assert_contains(&human.stderr, "error: ");
    for needle in needles {
        assert_contains(&human.stderr, needle);
    }

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = run_in(dir, &json_args);
    json.expect_code(2);
    let value = json.json();
    assert!(value.is_object(), "not a JSON object: {value}");
    let error = value["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no \"error\" string in {value}"));
    for needle in needles {
        assert_contains(error, needle);
    }

    let journal =
        std::fs::read_to_string(dir.join(".keel/backups/journal.jsonl")).unwrap_or_default();
    for secret in secrets {
        for (what, text) in [
            ("output", human.all()),
            ("JSON output", json.all()),
            ("journal", journal.clone()),
        ] {
            assert!(
                !text.contains(secret),
                "the {what} shows the password {secret:?}:\n{text}"
            );
        }
    }
    human
}

/// The database holds no keel table (and, for SQLite, the file need not even exist).
#[track_caller]
fn assert_untouched(p: &Project) {
    if let Some(path) = p.db.sqlite_path() {
        if !path.exists() {
            return;
        }
    }
    assert!(
        !p.db.has_table("keel_migrations"),
        "keel_migrations was created: {:?}",
        p.db.tables()
    );
    assert_eq!(p.db.tables(), Vec::<String>::new(), "something was created");
}

/// `keel ARGS --database URL` in the project.
fn with_db<'a>(p: &'a Project, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--database", p.db.url()]);
    all
}

fn users(p: &Project) {
    p.migration(
        "0001_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE users;\n",
    );
}

#[test]
fn unknown_url_scheme_lists_the_supported_ones_and_hides_the_password() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    for command in ["migrate", "status"] {
        expect_refusal(
            dir.path(),
            &[
                command,
                "--database",
                "oracle://scott:tiger-s3cret@db.example.com:1521/orcl",
            ],
            &["`oracle`", "sqlite://", "postgres://", "mysql://"],
            &["tiger-s3cret"],
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["migrations"], "nothing may be created");
}

#[test]
fn unreachable_server_is_named_with_the_password_redacted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    for (url, shown) in [
        (
            "postgres://keel:s3cret-pw@127.0.0.1:1/app",
            "postgres://keel:***@127.0.0.1:1/app",
        ),
        (
            "mysql://keel:s3cret-pw@127.0.0.1:1/app",
            "mysql://keel:***@127.0.0.1:1/app",
        ),
    ] {
        expect_refusal(
            dir.path(),
            &["migrate", "--database", url],
            &["cannot connect", shown],
            &["s3cret-pw"],
        );
    }
}

fn wrong_credentials_are_refused_without_showing_a_password(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    match engine {
        Engine::Sqlite => {
            // SQLite has no password; its way of not connecting is a folder that is not there.
            let url = format!(
                "sqlite://{}",
                p.db.dir().join("no/such/folder/app.db").display()
            );
            expect_refusal(
                &p.root,
                &["migrate", "--database", &url],
                &["cannot connect", &url, "does not exist"],
                &[],
            );
            assert!(!p.db.dir().join("no").exists());
        }
        Engine::Postgres | Engine::Mysql => {
            let real = keel_driver::DbUrl::parse(p.db.url())
                .unwrap()
                .password()
                .expect("the test URL has a password");
            let url =
                p.db.url()
                    .replacen(&format!(":{real}@"), ":wrong-pass-8461@", 1);
            assert_ne!(url, p.db.url());
            let redacted = keel_driver::DbUrl::parse(&url).unwrap().to_string();
            assert_contains(&redacted, ":***@");
            let denied = if engine == Engine::Postgres {
                "password authentication failed"
            } else {
                "Access denied"
            };
            expect_refusal(
                &p.root,
                &["migrate", "--database", &url],
                &["cannot connect", denied, &redacted],
                &["wrong-pass-8461", &real],
            );
        }
    }
    assert_untouched(&p);
}

fn two_migrations_with_one_version_are_both_named(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    p.migration(
        "0001_create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE posts;\n",
    );
    let dir = p.migrations_dir();
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate"]),
        &[
            "version 0001",
            &dir.join("0001_create_users.up.sql").display().to_string(),
            &dir.join("0001_create_posts.up.sql").display().to_string(),
        ],
        &[],
    );
    assert_untouched(&p);
}

fn up_without_down_names_both_paths(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    p.write(
        "migrations/0002_create_posts.up.sql",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
    );
    let dir = p.migrations_dir();
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate"]),
        &[
            &dir.join("0002_create_posts.up.sql").display().to_string(),
            &dir.join("0002_create_posts.down.sql").display().to_string(),
            "no down script",
        ],
        &[],
    );
    assert_untouched(&p);
}

fn non_utf8_file_is_named_with_its_line(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    let path = p.migrations_dir().join("0002_create_posts.up.sql");
    std::fs::write(
        &path,
        b"CREATE TABLE posts (\n  id INTEGER PRIMARY KEY, -- caf\xe9 in Latin-1\n  title TEXT\n);\n",
    )
    .unwrap();
    p.write(
        "migrations/0002_create_posts.down.sql",
        "DROP TABLE posts;\n",
    );
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate"]),
        &[&format!("{}:2:", path.display()), "UTF-8"],
        &[],
    );
    assert_untouched(&p);
}

fn bad_keel_toml_names_the_file_and_the_key(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    let config = p.root.join("keel.toml");
    for (text, key) in [
        ("[database]\nurll = \"sqlite://app.db\"\n", "urll"),
        ("[database]\n", "url"),
        (
            "[[check]]\nname = \"every post has a user\"\nexpect = 0\n",
            "sql",
        ),
        ("[migrations]\ndirectory = \"db\"\n", "directory"),
    ] {
        std::fs::write(&config, text).unwrap();
        expect_refusal(
            &p.root,
            &with_db(&p, &["migrate"]),
            &[&config.display().to_string(), &format!("`{key}`")],
            &[],
        );
    }
    assert_untouched(&p);
}

fn folder_mixing_layouts_names_a_file_of_each(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    p.write(
        "migrations/V2__create_posts.sql",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
    );
    p.write("migrations/U2__create_posts.sql", "DROP TABLE posts;\n");
    let dir = p.migrations_dir();
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate"]),
        &[
            "mixes layouts",
            "keel",
            "flyway",
            &dir.join("0001_create_users.").display().to_string(),
            "2__create_posts.sql",
        ],
        &[],
    );
    assert_untouched(&p);
}

fn stray_sql_file_is_named(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    p.write(
        "migrations/add_index_maybe.sql",
        "CREATE INDEX i ON users (id);\n",
    );
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate"]),
        &[
            &p.migrations_dir()
                .join("add_index_maybe.sql")
                .display()
                .to_string(),
            "not a migration keel recognizes",
        ],
        &[],
    );
    assert_untouched(&p);
}

fn migrate_to_an_unknown_id_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    expect_refusal(
        &p.root,
        &with_db(&p, &["migrate", "--to", "0999"]),
        &["0999", "keel status"],
        &[],
    );
    assert_untouched(&p);
}

fn rollback_step_zero_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    expect_refusal(
        &p.root,
        &with_db(&p, &["rollback", "--step", "0"]),
        &["--step"],
        &[],
    );
    assert_untouched(&p);

    // Also once something is applied: it stays applied.
    p.keel(&["migrate"]).expect_code(0);
    let before = p.history();
    expect_refusal(
        &p.root,
        &with_db(&p, &["rollback", "--step", "0"]),
        &["--step"],
        &[],
    );
    assert_eq!(p.history(), before);
    assert!(p.db.has_table("users"));
}

fn marking_an_unknown_id_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    users(&p);
    // A typo among the ids must not leave the others half-marked.
    expect_refusal(
        &p.root,
        &with_db(&p, &["mark-applied", "0001", "0999"]),
        &["0999", "keel status"],
        &[],
    );
    assert_untouched(&p);

    p.keel(&["migrate"]).expect_code(0);
    let before = p.history();
    expect_refusal(
        &p.root,
        &with_db(&p, &["mark-pending", "0001", "0999"]),
        &["0999", "keel status"],
        &[],
    );
    assert_eq!(p.history(), before, "0001 must stay recorded");
}

keel_testkit::engine_tests!(
    wrong_credentials_are_refused_without_showing_a_password,
    two_migrations_with_one_version_are_both_named,
    up_without_down_names_both_paths,
    non_utf8_file_is_named_with_its_line,
    bad_keel_toml_names_the_file_and_the_key,
    folder_mixing_layouts_names_a_file_of_each,
    stray_sql_file_is_named,
    migrate_to_an_unknown_id_changes_nothing,
    rollback_step_zero_changes_nothing,
    marking_an_unknown_id_changes_nothing,
);
