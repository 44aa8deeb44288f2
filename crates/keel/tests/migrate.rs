//! The migrator's contract, on every engine: apply, status, rollback, history edits.

mod common;

use common::{Engine, Project};

/// A small blog: five migrations, each with a real down.
fn five_migrations(p: &Project) {
    p.migration(
        "0001_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n",
        "DROP TABLE users;\n",
    );
    p.migration(
        "0002_create_posts",
        "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users (id),\n  title VARCHAR(200) NOT NULL\n);\nCREATE INDEX posts_user_id ON posts (user_id);\n",
        "DROP TABLE posts;\n",
    );
    p.migration(
        "0003_seed_users",
        "INSERT INTO users (id, email) VALUES (1, 'ada@example.com');\nINSERT INTO users (id, email) VALUES (2, 'it''s; tricky@example.com');\n",
        "-- keel:allows-loss users\nDELETE FROM users WHERE id IN (1, 2);\n",
    );
    p.migration(
        "0004_create_comments",
        "-- comments; on posts\nCREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), body TEXT);\n",
        "DROP TABLE comments;\n",
    );
    p.migration(
        "0005_create_tags",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE);\n",
        "DROP TABLE tags;\n",
    );
}

fn ids(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn state_of(p: &Project, id: &str) -> String {
    p.states()
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("{id} not in status"))
}

fn migrate_applies_everything_in_one_batch(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(
        ids(&report["applied"]),
        ["0001", "0002", "0003", "0004", "0005"]
    );
    assert_eq!(report["batch"], 1);
    // Every engine takes a verified pre-migrate backup first.
    assert!(report["backup"].is_string(), "{report}");
    assert_eq!(report["data_loss"], serde_json::json!([]));

    let status = p.keel_json(&["status"], 0);
    let migrations = status["migrations"].as_array().unwrap();
    assert_eq!(migrations.len(), 5);
    for m in migrations {
        assert_eq!(m["state"], "applied", "{m}");
        assert_eq!(m["batch"], 1, "{m}");
        assert!(m["id"].is_string() && m["name"].is_string());
    }
    assert_eq!(status["summary"]["applied"], 5);
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 2);

    // A second run finds nothing to do.
    let again = p.keel_json(&["migrate"], 0);
    assert_eq!(again["applied"], serde_json::json!([]));
    assert!(again["batch"].is_null());
    assert_eq!(p.history().len(), 5);
}

fn deleted_file_is_missing_and_status_exits_1(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    p.keel(&["migrate"]).expect_code(0);
    std::fs::remove_file(p.migrations_dir().join("0003_seed_users.up.sql")).unwrap();
    std::fs::remove_file(p.migrations_dir().join("0003_seed_users.down.sql")).unwrap();
    let status = p.keel_json(&["status"], 1);
    let missing: Vec<&serde_json::Value> = status["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["state"] == "missing")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["id"], "0003");
    assert_eq!(missing[0]["name"], "seed_users");
    assert_eq!(status["summary"]["missing"], 1);

    let human = p.keel(&["status"]);
    human.expect_code(1);
    assert!(
        human.stdout.contains("keel reconstruct"),
        "{}",
        human.stdout
    );

    // migrate refuses while a file is missing, unless told otherwise.
    p.migration(
        "0006_more",
        "CREATE TABLE more_things (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE more_things;\n",
    );
    let refused = p.keel(&["migrate"]);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("0003_seed_users"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("--allow-missing"),
        "{}",
        refused.stderr
    );
    assert!(!p.db.has_table("more_things"));
    let allowed = p.keel_json(&["migrate", "--allow-missing"], 0);
    assert_eq!(ids(&allowed["applied"]), ["0006"]);
}

fn edited_file_is_modified_but_not_for_line_endings(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    p.keel(&["migrate"]).expect_code(0);
    let path = p.migrations_dir().join("0005_create_tags.up.sql");
    let original = std::fs::read_to_string(&path).unwrap();

    std::fs::write(&path, original.replace('\n', "   \r\n") + "\r\n").unwrap();
    assert_eq!(
        state_of(&p, "0005"),
        "applied",
        "a CRLF/whitespace-only change is not a modification"
    );
    p.keel(&["status"]).expect_code(0);

    std::fs::write(&path, original.replace("VARCHAR(50)", "VARCHAR(80)")).unwrap();
    assert_eq!(state_of(&p, "0005"), "modified");
    p.keel(&["status"]).expect_code(1);
    let refused = p.keel(&["migrate"]);
    refused.expect_code(1);
    assert!(
        refused.stderr.contains("mark-applied"),
        "{}",
        refused.stderr
    );

    // Accepting the edit records the new checksum.
    p.keel(&["mark-applied", "0005"]).expect_code(0);
    assert_eq!(state_of(&p, "0005"), "applied");
}

fn rollback_by_step_batch_and_target(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    // Three batches: 0001–0002, 0003, 0004–0005.
    p.keel(&["migrate", "--to", "0002"]).expect_code(0);
    p.keel(&["migrate", "--to", "0003"]).expect_code(0);
    p.keel(&["migrate"]).expect_code(0);
    let batches: Vec<(String, i64)> = p.history().into_iter().map(|(id, b, _)| (id, b)).collect();
    assert_eq!(
        batches,
        [
            ("0001", 1),
            ("0002", 1),
            ("0003", 2),
            ("0004", 3),
            ("0005", 3)
        ]
        .map(|(i, b)| (i.to_string(), b))
    );

    let two = p.keel_json(&["rollback", "--step", "2"], 0);
    assert_eq!(ids(&two["rolled_back"]), ["0005", "0004"]);
    assert!(!p.db.has_table("tags") && !p.db.has_table("comments"));
    assert!(p.db.has_table("posts"));

    let batch = p.keel_json(&["rollback", "--batch", "2"], 0);
    assert_eq!(ids(&batch["rolled_back"]), ["0003"]);
    assert_eq!(p.db.scalar("SELECT count(*) FROM users"), 0);

    p.keel(&["migrate"]).expect_code(0);
    let to = p.keel_json(&["rollback", "--to", "0002"], 0);
    assert_eq!(ids(&to["rolled_back"]), ["0005", "0004", "0003"]);
    let applied: Vec<String> = p.history().into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(applied, ["0001", "0002"], "--to keeps the target applied");

    let default = p.keel_json(&["rollback"], 0);
    assert_eq!(
        ids(&default["rolled_back"]),
        ["0002", "0001"],
        "default: the last batch"
    );
    assert!(p.history().is_empty());
    assert!(!p.db.has_table("users"));

    p.keel(&["migrate"]).expect_code(0);
    let all = p.keel_json(&["rollback", "--all"], 0);
    assert_eq!(ids(&all["rolled_back"]).len(), 5);

    let unknown = p.keel(&["rollback", "--batch", "42"]);
    unknown.expect_code(2);
    assert!(unknown.stderr.contains("no batch 42"), "{}", unknown.stderr);
}

fn mark_applied_and_pending_edit_history_only(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    p.keel(&["mark-applied", "0001", "0002"]).expect_code(0);
    assert!(!p.db.has_table("users"), "mark-applied must not run SQL");
    assert_eq!(state_of(&p, "0001"), "applied");
    assert_eq!(state_of(&p, "0003"), "pending");

    // 0001 and 0002 count as done, so migrate starts at 0003 — which needs users: create it
    // by hand, as someone adopting keel on an existing database would have it.
    p.db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL)");
    p.db.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title VARCHAR(200) NOT NULL)");
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(ids(&report["applied"]), ["0003", "0004", "0005"]);

    p.keel(&["mark-pending", "0005"]).expect_code(0);
    assert!(p.db.has_table("tags"), "mark-pending must not run SQL");
    assert_eq!(state_of(&p, "0005"), "pending");

    let unknown = p.keel(&["mark-pending", "0999"]);
    unknown.expect_code(2);
    assert!(unknown.stderr.contains("0999"), "{}", unknown.stderr);

    let journal = std::fs::read_to_string(p.root.join(".keel/backups/journal.jsonl")).unwrap();
    let events: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"history.marked_applied"), "{names:?}");
    assert!(names.contains(&"history.marked_pending"), "{names:?}");
    assert!(names.contains(&"migrate.finished"), "{names:?}");
    if let Some(pw) = keel_driver::DbUrl::parse(p.db.url()).unwrap().password() {
        assert!(
            !journal.contains(&pw),
            "the journal must never hold the password"
        );
    }
}

fn dry_run_prints_sql_and_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    five_migrations(&p);
    let run = p.keel(&["migrate", "--dry-run"]);
    run.expect_code(0);
    assert!(run.stdout.contains("CREATE TABLE users"), "{}", run.stdout);
    assert!(run.stdout.contains("-- 0005_create_tags"), "{}", run.stdout);
    assert!(
        p.db.tables().is_empty(),
        "dry run created {:?}",
        p.db.tables()
    );
    let json = p.keel_json(&["migrate", "--dry-run"], 0);
    assert_eq!(json["planned"].as_array().unwrap().len(), 5);
    assert_eq!(
        json["planned"][1]["statements"].as_array().unwrap().len(),
        2
    );
}

/// keel writes history rows as SQL literals in the same round trip as other statements;
/// whatever the values hold must arrive intact, also for a migration with no statement.
fn history_keeps_values_that_need_quoting(engine: Engine) {
    let p = Project::new(engine);
    p.migration(
        "0001_placeholder",
        "-- nothing to do yet\n",
        "-- nothing to undo\n",
    );
    p.migration(
        "0002_create_notes",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE notes;\n",
    );
    let user = "o'brien\\ü\"x;--";
    let out = std::process::Command::new(common::keel_bin())
        .args(["migrate", "--database", p.db.url()])
        .current_dir(&p.root)
        .env_remove("DATABASE_URL")
        .env("USER", user)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run keel");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(state_of(&p, "0001"), "applied");
    assert_eq!(state_of(&p, "0002"), "applied");
    for row in p.db.query("SELECT applied_by, name FROM keel_migrations") {
        let applied_by = row[0].as_str().unwrap();
        assert!(
            applied_by.starts_with(&format!("{user}@")),
            "applied_by {applied_by:?} keeps {user:?}"
        );
    }
    // Rolling back removes the rows again (the DELETE travels with the COMMIT too).
    p.keel(&["rollback"]).expect_code(0);
    assert!(!p.db.has_table("notes"));
    assert!(p.history().is_empty());
}

keel_testkit::engine_tests!(
    history_keeps_values_that_need_quoting,
    migrate_applies_everything_in_one_batch,
    deleted_file_is_missing_and_status_exits_1,
    edited_file_is_modified_but_not_for_line_endings,
    rollback_by_step_batch_and_target,
    mark_applied_and_pending_edit_history_only,
    dry_run_prints_sql_and_changes_nothing,
);
