//! A migration that fails halfway, on every engine: how the failure is reported (file, line,
//! the database's own words), what remains of it, and how each way out of a recorded failure
//! works.

mod common;

use common::{Engine, Project, Run};

const USERS_UP: &str =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n";
const USERS_DOWN: &str = "DROP TABLE users;\n";

/// Three statements; the second (lines 4–6) reads a table that does not exist.
const WIDGETS_UP: &str = "\
-- widgets, filled from a table that was never created
CREATE TABLE widgets (id INTEGER PRIMARY KEY, name VARCHAR(50));

INSERT INTO widgets (id, name)
SELECT id, email
FROM no_such_table;
CREATE TABLE gadgets (id INTEGER PRIMARY KEY);
";

/// The same migration once its author fixed it.
const WIDGETS_UP_FIXED: &str = "\
-- widgets, filled from users
CREATE TABLE widgets (id INTEGER PRIMARY KEY, name VARCHAR(50));

INSERT INTO widgets (id, name)
SELECT id, email
FROM users;
CREATE TABLE gadgets (id INTEGER PRIMARY KEY);
";

/// Tolerates the partial state a halfway failure leaves (only `widgets` exists).
const WIDGETS_DOWN: &str = "DROP TABLE IF EXISTS gadgets;\nDROP TABLE IF EXISTS widgets;\n";

const TAGS_UP: &str = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n";
const TAGS_DOWN: &str = "DROP TABLE tags;\n";

const WIDGETS_LABEL: &str = "0002_create_widgets";

/// The up script of 0002, optionally opting out of the transaction.
fn widgets_up(no_transaction: bool) -> String {
    if no_transaction {
        format!("-- keel:no-transaction\n{WIDGETS_UP}")
    } else {
        WIDGETS_UP.to_string()
    }
}

/// The 1-based line of `text` holding `needle`.
#[track_caller]
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in\n{text}"))
        + 1
}

/// What each engine says about `FROM no_such_table`.
fn missing_table_message(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "no such table: no_such_table",
        Engine::Postgres => "relation \"no_such_table\" does not exist",
        Engine::Mysql => "no_such_table' doesn't exist",
    }
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

fn ids(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn row(id: &str, batch: i64, state: &str) -> (String, i64, String) {
    (id.to_string(), batch, state.to_string())
}

fn states(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(i, s)| (i.to_string(), s.to_string()))
        .collect()
}

/// 0001 applied in batch 1; then 0002 (failing halfway) and 0003 added and `keel migrate`
/// run, which fails with exit 2. Returns that run and the up script of 0002.
fn fail_in_second_batch(engine: Engine, no_transaction: bool) -> (Project, Run, String) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    p.keel(&["migrate"]).expect_code(0);
    p.db.execute("INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");
    let up = widgets_up(no_transaction);
    p.migration(WIDGETS_LABEL, &up, WIDGETS_DOWN);
    p.migration("0003_create_tags", TAGS_UP, TAGS_DOWN);
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    (p, run, up)
}

/// After a failure that could not be undone: statement 1 stayed, the migration is `failed`
/// everywhere keel reports it, and `migrate` refuses to go on, naming the three ways out.
#[track_caller]
fn assert_recorded_failed(p: &Project, engine: Engine, failed_batch: i64) {
    assert!(p.db.has_table("widgets"), "statement 1 stays applied");
    assert!(!p.db.has_table("gadgets"), "statement 3 never ran");
    assert!(!p.db.has_table("tags"), "0003 never ran");
    assert_eq!(
        p.history(),
        [
            row("0001", 1, "applied"),
            row("0002", failed_batch, "failed")
        ]
    );
    let failed_statement =
        p.db.scalar("SELECT failed_statement FROM keel_migrations WHERE id = '0002'");
    assert_eq!(failed_statement, 2);

    let status = p.keel_json(&["status"], 1);
    assert_eq!(
        status["migrations"][1]["id"], "0002",
        "status lists 0002 second: {status}"
    );
    assert_eq!(status["migrations"][1]["state"], "failed", "{status}");
    assert_eq!(status["migrations"][2]["state"], "pending", "{status}");
    assert_eq!(status["summary"]["failed"], 1, "{status}");
    assert_eq!(status["summary"]["applied"], 1, "{status}");

    let human = p.keel(&["status"]);
    human.expect_code(1);
    assert_contains(&human.stdout, "failed");
    assert_contains(&human.stdout, "statement 2");
    assert_contains(&human.stdout, missing_table_message(engine));

    let refused = p.keel(&["migrate"]);
    refused.expect_code(1);
    assert_contains(&refused.stderr, WIDGETS_LABEL);
    assert_contains(&refused.stderr, "keel rollback");
    assert_contains(&refused.stderr, "keel mark-applied 0002");
    assert_contains(&refused.stderr, "keel mark-pending 0002");
    assert!(!p.db.has_table("tags"), "a refused migrate runs nothing");
    assert!(!p.db.has_table("gadgets"), "a refused migrate runs nothing");
}

fn failing_statement_is_reported_with_file_line_and_database_message(engine: Engine) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    p.migration(WIDGETS_LABEL, WIDGETS_UP, WIDGETS_DOWN);
    p.migration("0003_create_tags", TAGS_UP, TAGS_DOWN);
    let run = p.keel(&["migrate"]);
    run.expect_code(2);

    // PostgreSQL says where in the statement the error is (the FROM line); SQLite and MariaDB
    // do not for a missing table, so the statement's first line is named.
    let line = if engine == Engine::Postgres {
        line_of(WIDGETS_UP, "FROM no_such_table")
    } else {
        line_of(WIDGETS_UP, "INSERT INTO widgets")
    };
    let path = p.migrations_dir().join(format!("{WIDGETS_LABEL}.up.sql"));
    assert_contains(&run.stderr, &format!("{}:{line} ", path.display()));
    assert_contains(&run.stderr, "statement 2 of 3");
    assert_contains(&run.stderr, missing_table_message(engine));
    assert_contains(&run.stderr, "applied before the failure: 0001");
    assert!(!p.db.has_table("tags"), "nothing runs after a failure");
}

fn failure_is_reported_in_json_too(engine: Engine) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    p.migration(WIDGETS_LABEL, WIDGETS_UP, WIDGETS_DOWN);
    let report = p.keel_json(&["migrate"], 2);
    assert_eq!(ids(&report["applied"]), ["0001"], "{report}");
    assert_eq!(report["failed"], "0002", "{report}");
    let error = report["error"].as_str().expect("error is a string");
    assert_contains(error, &format!("{WIDGETS_LABEL}.up.sql:"));
    assert_contains(error, missing_table_message(engine));
}

fn failed_migration_is_undone_where_ddl_is_transactional_and_recorded_failed_on_mysql(
    engine: Engine,
) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    p.migration(WIDGETS_LABEL, WIDGETS_UP, WIDGETS_DOWN);
    p.migration("0003_create_tags", TAGS_UP, TAGS_DOWN);
    let run = p.keel(&["migrate"]);
    run.expect_code(2);

    match engine {
        Engine::Sqlite | Engine::Postgres => {
            assert_contains(&run.stderr, "nothing of it remains");
            assert!(
                !p.db.has_table("widgets"),
                "statement 1 of the failed migration must be rolled back"
            );
            assert!(!p.db.has_table("gadgets") && !p.db.has_table("tags"));
            assert!(p.db.has_table("users"), "0001 succeeded and stays");
            assert_eq!(p.history(), [row("0001", 1, "applied")]);
            assert_eq!(
                p.states(),
                states(&[
                    ("0001", "applied"),
                    ("0002", "pending"),
                    ("0003", "pending")
                ])
            );
            p.keel(&["status"]).expect_code(0);
        }
        Engine::Mysql => {
            assert_contains(&run.stderr, "statement 1 stayed applied");
            assert_contains(&run.stderr, "commit DDL immediately");
            assert_recorded_failed(&p, engine, 1);
            // Resolve it the quickest way to continue below.
            p.db.execute("DROP TABLE widgets");
            p.keel(&["mark-pending", "0002"]).expect_code(0);
        }
    }

    // Once the file is fixed, the next run applies it and what follows.
    p.write(
        &format!("migrations/{WIDGETS_LABEL}.up.sql"),
        WIDGETS_UP_FIXED,
    );
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(ids(&report["applied"]), ["0002", "0003"], "{report}");
    assert_eq!(report["batch"], 2, "{report}");
    assert!(p.db.has_table("gadgets") && p.db.has_table("tags"));
}

fn no_transaction_migration_failing_halfway_is_recorded_failed(engine: Engine) {
    let (p, run, up) = fail_in_second_batch(engine, true);
    let path = p.migrations_dir().join(format!("{WIDGETS_LABEL}.up.sql"));
    let line = if engine == Engine::Postgres {
        line_of(&up, "FROM no_such_table")
    } else {
        line_of(&up, "INSERT INTO widgets")
    };
    assert_contains(&run.stderr, &format!("{}:{line} ", path.display()));
    assert_contains(&run.stderr, "statement 1 stayed applied");
    assert_contains(
        &run.stderr,
        if engine == Engine::Mysql {
            "commit DDL immediately"
        } else {
            "outside a transaction (keel:no-transaction)"
        },
    );
    assert_contains(&run.stderr, "keel recorded 0002 as failed");
    assert_recorded_failed(&p, engine, 2);
}

fn rollback_resolves_a_failed_migration(engine: Engine) {
    let (p, _, _) = fail_in_second_batch(engine, true);
    assert_recorded_failed(&p, engine, 2);

    let report = p.keel_json(&["rollback"], 0);
    assert_eq!(ids(&report["rolled_back"]), ["0002"], "{report}");
    assert!(
        !p.db.has_table("widgets"),
        "the down script ran on the partial state"
    );
    assert!(p.db.has_table("users"), "batch 1 is untouched");
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 1);
    assert_eq!(p.history(), [row("0001", 1, "applied")]);
    assert_eq!(
        p.states(),
        states(&[
            ("0001", "applied"),
            ("0002", "pending"),
            ("0003", "pending")
        ])
    );

    p.write(
        &format!("migrations/{WIDGETS_LABEL}.up.sql"),
        WIDGETS_UP_FIXED,
    );
    let again = p.keel_json(&["migrate"], 0);
    assert_eq!(ids(&again["applied"]), ["0002", "0003"], "{again}");
    assert_eq!(p.db.scalar("SELECT count(*) FROM widgets"), 1);
}

fn rollback_as_advised_undoes_only_the_failed_migration(engine: Engine) {
    // One batch: 0001 succeeds, 0002 fails halfway and is recorded failed.
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    p.migration(WIDGETS_LABEL, &widgets_up(true), WIDGETS_DOWN);
    p.keel(&["migrate"]).expect_code(2);
    p.db.execute("INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");
    assert_eq!(
        p.history(),
        [row("0001", 1, "applied"), row("0002", 1, "failed")]
    );

    // Run exactly the rollback command keel suggests, as an operator would paste it.
    let refused = p.keel(&["migrate"]);
    refused.expect_code(1);
    let advice = refused
        .stderr
        .split('`')
        .find(|part| part.starts_with("keel rollback"))
        .unwrap_or_else(|| panic!("no `keel rollback …` advice in:\n{}", refused.stderr));
    let args: Vec<&str> = advice.split_whitespace().skip(1).collect();
    let report = p.keel_json(&args, 0);
    assert_eq!(
        ids(&report["rolled_back"]),
        ["0002"],
        "`{advice}`: {report}"
    );
    assert!(!p.db.has_table("widgets"));
    assert!(
        p.db.has_table("users"),
        "`{advice}` must not undo 0001, which succeeded"
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 1);
    assert_eq!(p.history(), [row("0001", 1, "applied")]);
}

fn mark_applied_resolves_a_failed_migration(engine: Engine) {
    let (p, _, _) = fail_in_second_batch(engine, true);
    assert_recorded_failed(&p, engine, 2);

    // The operator finishes the migration by hand, then accepts it as done.
    p.db.execute("CREATE TABLE gadgets (id INTEGER PRIMARY KEY)");
    let marked = p.keel_json(&["mark-applied", "0002"], 0);
    assert_eq!(ids(&marked["changed"]), ["0002"], "{marked}");
    assert_eq!(
        p.history(),
        [row("0001", 1, "applied"), row("0002", 2, "applied")]
    );
    assert_eq!(
        p.states(),
        states(&[
            ("0001", "applied"),
            ("0002", "applied"),
            ("0003", "pending")
        ])
    );
    p.keel(&["status"]).expect_code(0);

    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(ids(&report["applied"]), ["0003"], "{report}");
    assert!(p.db.has_table("tags"));
}

fn mark_pending_resolves_a_failed_migration(engine: Engine) {
    let (p, _, _) = fail_in_second_batch(engine, true);
    assert_recorded_failed(&p, engine, 2);

    // The operator undoes the partial migration by hand, then forgets it.
    p.db.execute("DROP TABLE widgets");
    let marked = p.keel_json(&["mark-pending", "0002"], 0);
    assert_eq!(ids(&marked["changed"]), ["0002"], "{marked}");
    assert_eq!(p.history(), [row("0001", 1, "applied")]);
    assert_eq!(
        p.states(),
        states(&[
            ("0001", "applied"),
            ("0002", "pending"),
            ("0003", "pending")
        ])
    );

    p.write(
        &format!("migrations/{WIDGETS_LABEL}.up.sql"),
        WIDGETS_UP_FIXED,
    );
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(ids(&report["applied"]), ["0002", "0003"], "{report}");
    assert!(p.db.has_table("widgets") && p.db.has_table("gadgets") && p.db.has_table("tags"));
}

fn failing_down_script_keeps_the_migration_applied(engine: Engine) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    let down = "DROP TABLE widgets;\nDROP TABLE no_such_table;\n";
    p.migration(
        WIDGETS_LABEL,
        "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name VARCHAR(50));\n\
         INSERT INTO widgets (id, name) VALUES (1, 'sprocket');\n",
        down,
    );
    p.keel(&["migrate"]).expect_code(0);

    let run = p.keel(&["rollback"]);
    run.expect_code(2);
    let path = p.migrations_dir().join(format!("{WIDGETS_LABEL}.down.sql"));
    assert_contains(
        &run.stderr,
        &format!(
            "rollback of {WIDGETS_LABEL} failed at {}:{} ",
            path.display(),
            line_of(down, "no_such_table")
        ),
    );
    assert_contains(&run.stderr, "statement 2 of 2");
    assert_contains(&run.stderr, "no_such_table");
    assert!(p.db.has_table("users"), "0001 is not reached");

    match engine {
        Engine::Sqlite | Engine::Postgres => {
            assert_contains(&run.stderr, "it stays applied");
            assert!(p.db.has_table("widgets"), "the DROP was rolled back");
            assert_eq!(p.db.scalar("SELECT count(*) FROM widgets"), 1);
            assert_eq!(
                p.history(),
                [row("0001", 1, "applied"), row("0002", 1, "applied")]
            );
            p.keel(&["status"]).expect_code(0);
        }
        Engine::Mysql => {
            assert!(!p.db.has_table("widgets"), "MariaDB committed the DROP");
            assert_eq!(
                p.history(),
                [row("0001", 1, "applied"), row("0002", 1, "failed")]
            );
            let status = p.keel_json(&["status"], 1);
            assert_eq!(status["migrations"][1]["state"], "failed", "{status}");
            assert_contains(
                status["migrations"][1]["error"].as_str().unwrap(),
                "rollback",
            );
        }
    }

    // A down script that tolerates the partial state finishes the job.
    p.write(
        &format!("migrations/{WIDGETS_LABEL}.down.sql"),
        "DROP TABLE IF EXISTS widgets;\n",
    );
    // Dropping widgets' row is the point here (on MariaDB it is already gone, so no
    // directive could name it): the data guard is told to keep the result.
    let report = p.keel_json(&["rollback", "--step", "1", "--accept-loss"], 0);
    assert_eq!(ids(&report["rolled_back"]), ["0002"], "{report}");
    assert!(!p.db.has_table("widgets"));
    assert_eq!(p.history(), [row("0001", 1, "applied")]);
    p.keel(&["status"]).expect_code(0);
}

fn syntax_error_is_reported_at_the_line_the_database_points_at(engine: Engine) {
    let p = Project::new(engine);
    let up = "\
-- a comma is missing after NOT NULL
CREATE TABLE widgets (id INTEGER PRIMARY KEY);
CREATE TABLE gadgets (
  id INTEGER PRIMARY KEY,
  name VARCHAR(50) NOT NULL
  size INTEGER
);
";
    p.migration(
        "0001_create_gadgets",
        up,
        "DROP TABLE IF EXISTS gadgets;\nDROP TABLE IF EXISTS widgets;\n",
    );
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    let path = p.migrations_dir().join("0001_create_gadgets.up.sql");
    // Every engine locates a syntax error inside the statement: the `size` line, not the
    // CREATE TABLE line.
    assert_contains(
        &run.stderr,
        &format!("{}:{} ", path.display(), line_of(up, "size INTEGER")),
    );
    assert_contains(&run.stderr, "statement 2 of 2");
    assert_contains(&run.stderr, "syntax");
}

fn error_line_is_right_after_non_ascii_text(engine: Engine) {
    let p = Project::new(engine);
    let up = "\
CREATE TABLE widgets (id INTEGER PRIMARY KEY, name VARCHAR(200));
INSERT INTO widgets (id, name) VALUES
  (1, 'crème brûlée, Ærøskøbing, Þórsmörk, 東京都渋谷区神南一丁目、日本語のテキストです'),
  (2 'missing comma'),
  (3, 'ok');
";
    p.migration("0001_create_widgets", up, "DROP TABLE IF EXISTS widgets;\n");
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    let path = p.migrations_dir().join("0001_create_widgets.up.sql");
    assert_contains(
        &run.stderr,
        &format!("{}:{} ", path.display(), line_of(up, "missing comma")),
    );
}

/// keel sends the transaction's BEGIN (PostgreSQL) or a history write (MySQL) in the same
/// round trip as a migration's first statement; the error must still point into the file.
fn error_in_the_first_statement_is_located_at_its_line(engine: Engine) {
    let p = Project::new(engine);
    // A comma is missing before `sz`; its line is short, so a position off by the length of
    // a `BEGIN;` lands on the next line.
    let up = "\
-- the first statement is broken

CREATE TABLE gadgets (
  id INTEGER PRIMARY KEY,
  name VARCHAR(50) NOT NULL
  sz INT
);
CREATE TABLE widgets (id INTEGER PRIMARY KEY);
";
    p.migration(
        "0001_create_gadgets",
        up,
        "DROP TABLE IF EXISTS widgets;\nDROP TABLE IF EXISTS gadgets;\n",
    );
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    let path = p.migrations_dir().join("0001_create_gadgets.up.sql");
    assert_contains(
        &run.stderr,
        &format!("{}:{} ", path.display(), line_of(up, "sz INT")),
    );
    assert_contains(&run.stderr, "statement 1 of 2");
    assert_contains(&run.stderr, "syntax");
    assert!(!p.db.has_table("gadgets") && !p.db.has_table("widgets"));
}

/// A runner killed during a migration that cannot be rolled back leaves it `failed` at the
/// statement that was running, and the server runs nothing after that statement: keel never
/// sends a statement before the one ahead of it has come back. (On SQLite the whole batch is
/// one transaction, so nothing of it remains.)
fn killed_runner_leaves_the_migration_failed_at_the_running_statement(engine: Engine) {
    let p = Project::new(engine);
    let slow = match engine {
        Engine::Postgres => "SELECT pg_sleep(2)".to_string(),
        Engine::Mysql => "SELECT SLEEP(2)".to_string(),
        Engine::Sqlite => "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                           WHERE x < 30000000) SELECT count(*) FROM c"
            .to_string(),
    };
    p.migration(
        "0001_three_steps",
        &format!(
            "-- keel:no-transaction\nCREATE TABLE first_step (id INTEGER PRIMARY KEY);\n{slow};\n\
             CREATE TABLE third_step (id INTEGER PRIMARY KEY);\n"
        ),
        "DROP TABLE IF EXISTS third_step;\nDROP TABLE IF EXISTS first_step;\n",
    );
    // History values that need quoting: keel writes some of them as SQL literals.
    let user = "o'brien\\ü\"x";
    let mut runner = std::process::Command::new(common::keel_bin())
        .args(["migrate", "--no-backup", "--database", p.db.url()])
        .current_dir(&p.root)
        .env_remove("DATABASE_URL")
        .env("USER", user)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start keel");
    let started = std::time::Instant::now();
    let running_statement = || {
        if !p.db.has_table("keel_migrations") {
            return None;
        }
        p.db.query("SELECT failed_statement FROM keel_migrations WHERE id = '0001'")
            .first()
            .and_then(|r| r[0].as_i64())
    };
    if engine == Engine::Sqlite {
        std::thread::sleep(std::time::Duration::from_millis(1500));
    } else {
        while running_statement() != Some(2) {
            assert!(
                runner.try_wait().expect("runner status").is_none(),
                "keel ended before statement 2 ran"
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "statement 2 never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    runner.kill().expect("kill keel");
    runner.wait().expect("reap keel");
    // Long enough for the slow statement to end and for anything queued after it to run.
    std::thread::sleep(std::time::Duration::from_secs(3));

    assert!(!p.db.has_table("third_step"), "statement 3 must never run");
    if engine == Engine::Sqlite {
        assert!(!p.db.has_table("first_step"));
        assert!(p.history().is_empty());
        return;
    }
    assert!(p.db.has_table("first_step"), "statement 1 stays applied");
    assert_eq!(p.history(), [row("0001", 1, "failed")]);
    assert_eq!(running_statement(), Some(2));
    let applied_by = p.db.query("SELECT applied_by FROM keel_migrations");
    let applied_by = applied_by[0][0].as_str().unwrap();
    assert!(
        applied_by.starts_with(&format!("{user}@")),
        "applied_by {applied_by:?} keeps {user:?}"
    );
}

/// A statement that fails where the database gives no position in it (creating a table that
/// already exists) is still named, by number and line, and nothing after it has run. On
/// PostgreSQL a migration travels to the server as one message, so this is the case where
/// keel has to find the failing statement by other means.
fn failing_statement_without_a_position_is_still_named(engine: Engine) {
    let p = Project::new(engine);
    p.migration("0001_create_users", USERS_UP, USERS_DOWN);
    let up = "\
CREATE TABLE gadgets (id INTEGER PRIMARY KEY);
INSERT INTO users (id, email) VALUES (7, 'grace@example.com');
CREATE TABLE users (id INTEGER PRIMARY KEY);
CREATE TABLE widgets (id INTEGER PRIMARY KEY);
";
    p.migration(
        "0002_twice",
        up,
        "DROP TABLE IF EXISTS widgets;\nDROP TABLE IF EXISTS gadgets;\n",
    );
    let run = p.keel(&["migrate"]);
    run.expect_code(2);

    let path = p.migrations_dir().join("0002_twice.up.sql");
    let line = line_of(up, "CREATE TABLE users");
    assert_contains(&run.stderr, &format!("{}:{line} ", path.display()));
    assert_contains(&run.stderr, "statement 3 of 4");
    assert_contains(&run.stderr, "users");
    assert!(!p.db.has_table("widgets"), "statement 4 never runs");
    if engine == Engine::Mysql {
        // Statements 1 and 2 committed as they ran; the migration is recorded failed there.
        assert!(p.db.has_table("gadgets"));
        assert_eq!(
            p.history(),
            [row("0001", 1, "applied"), row("0002", 1, "failed")]
        );
    } else {
        assert!(
            !p.db.has_table("gadgets"),
            "the migration is rolled back whole"
        );
        assert_eq!(
            p.db.scalar("SELECT COUNT(*) FROM users"),
            0,
            "its INSERT too"
        );
        assert_eq!(p.history(), [row("0001", 1, "applied")]);
    }
}

/// The history row says how long the migration took, wherever that is measured (PostgreSQL
/// times it on the server, in the same message as the migration).
fn history_records_how_long_a_migration_took(engine: Engine) {
    let p = Project::new(engine);
    let slow = match engine {
        Engine::Postgres => "SELECT pg_sleep(0.4)",
        Engine::Mysql => "SELECT SLEEP(0.4)",
        // About a second of work for the SQLite library on this kind of machine; the bound
        // below asks for far less.
        Engine::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) \
             SELECT count(*) FROM c"
        }
    };
    p.migration("0001_quick", USERS_UP, USERS_DOWN);
    p.migration("0002_slow", &format!("{slow};\n"), "SELECT 1;\n");
    p.keel(&["migrate"]).expect_code(0);

    let took = |id: &str| {
        p.db.scalar(&format!(
            "SELECT duration_ms FROM keel_migrations WHERE id = '{id}'"
        ))
    };
    let at_least = if engine == Engine::Sqlite { 20 } else { 390 };
    assert!(took("0002") >= at_least, "0002 took {} ms", took("0002"));
    assert!(took("0001") < took("0002"), "0001 {} ms", took("0001"));
}

keel_testkit::engine_tests!(
    failing_statement_without_a_position_is_still_named,
    history_records_how_long_a_migration_took,
    error_in_the_first_statement_is_located_at_its_line,
    killed_runner_leaves_the_migration_failed_at_the_running_statement,
    failing_statement_is_reported_with_file_line_and_database_message,
    failure_is_reported_in_json_too,
    failed_migration_is_undone_where_ddl_is_transactional_and_recorded_failed_on_mysql,
    no_transaction_migration_failing_halfway_is_recorded_failed,
    rollback_resolves_a_failed_migration,
    rollback_as_advised_undoes_only_the_failed_migration,
    mark_applied_resolves_a_failed_migration,
    mark_pending_resolves_a_failed_migration,
    failing_down_script_keeps_the_migration_applied,
    syntax_error_is_reported_at_the_line_the_database_points_at,
    error_line_is_right_after_non_ascii_text,
);

/// On MySQL the write that marks a migration applied travels with its last statement, and
/// results are counted to tell which failed. A `CALL` answers once per result set it
/// produces, so it must not share a round trip with that write: a procedure that selects
/// and then fails is still the failing statement, and history says so.
#[test]
fn mysql_a_failing_call_that_returned_rows_is_the_failing_statement() {
    if !Engine::Mysql.available() {
        return;
    }
    let p = Project::new(Engine::Mysql);
    let up = "\
CREATE TABLE audits (id INTEGER PRIMARY KEY);
DELIMITER //
CREATE PROCEDURE check_audits()
BEGIN
  SELECT COUNT(*) FROM audits;
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audits are not ready';
END //
DELIMITER ;
CALL check_audits();
";
    p.migration(
        "0001_audits",
        up,
        "DROP PROCEDURE IF EXISTS check_audits;\nDROP TABLE IF EXISTS audits;\n",
    );
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    assert_contains(&run.stderr, "statement 3 of 3");
    assert_contains(&run.stderr, "audits are not ready");
    assert_eq!(p.history(), [row("0001", 1, "failed")]);
    assert_eq!(
        p.db.scalar("SELECT failed_statement FROM keel_migrations WHERE id = '0001'"),
        3
    );

    // The same procedure fixed: the migration ends with a CALL, and is recorded applied.
    let p = Project::new(Engine::Mysql);
    p.migration(
        "0001_audits",
        &up.replace(
            "  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audits are not ready';\n",
            "",
        ),
        "DROP PROCEDURE IF EXISTS check_audits;\nDROP TABLE IF EXISTS audits;\n",
    );
    p.keel(&["migrate"]).expect_code(0);
    assert_eq!(p.history(), [row("0001", 1, "applied")]);
}
