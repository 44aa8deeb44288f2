//! `keel reconstruct`: the first incident — a forced rebase deleted 12 of 15 applied migration
//! files — undone in one command, on every engine.

mod common;

use common::{Engine, Project};

/// Fifteen migrations of a small app, in order: (label, up, down). Portable SQL, so one list
/// serves every engine.
const APP: &[(&str, &str, &str)] = &[
    ("0001_create_users_table", "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL);", "DROP TABLE users;"),
    ("0002_create_device_tokens_table", "CREATE TABLE device_tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), token VARCHAR(255) NOT NULL);", "DROP TABLE device_tokens;"),
    ("0003_add_name_to_users_table", "ALTER TABLE users ADD COLUMN name VARCHAR(100);", "ALTER TABLE users DROP COLUMN name;"),
    ("0004_create_posts_table", "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title VARCHAR(200) NOT NULL);", "DROP TABLE posts;"),
    ("0005_add_revoked_at_to_device_tokens_table", "ALTER TABLE device_tokens ADD COLUMN revoked_at TIMESTAMP NULL;", "ALTER TABLE device_tokens DROP COLUMN revoked_at;"),
    ("0006_create_automations_table", "CREATE TABLE automations (id INTEGER PRIMARY KEY, device_token_id INTEGER NOT NULL REFERENCES device_tokens (id), name VARCHAR(100));", "DROP TABLE automations;"),
    ("0007_add_slug_to_posts_table", "ALTER TABLE posts ADD COLUMN slug VARCHAR(200);\nCREATE UNIQUE INDEX posts_slug_unique ON posts (slug);", "DROP INDEX posts_slug_unique;\nALTER TABLE posts DROP COLUMN slug;"),
    ("0008_create_comments_table", "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), body TEXT);", "DROP TABLE comments;"),
    ("0009_add_published_to_posts_table", "ALTER TABLE posts ADD COLUMN published INTEGER NOT NULL DEFAULT 0;", "ALTER TABLE posts DROP COLUMN published;"),
    ("0010_create_tags_table", "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);", "DROP TABLE tags;"),
    ("0011_create_post_tag_table", "CREATE TABLE post_tag (post_id INTEGER NOT NULL REFERENCES posts (id), tag_id INTEGER NOT NULL REFERENCES tags (id), PRIMARY KEY (post_id, tag_id));", "DROP TABLE post_tag;"),
    ("0012_add_bio_to_users_table", "ALTER TABLE users ADD COLUMN bio TEXT;", "ALTER TABLE users DROP COLUMN bio;"),
    ("0013_create_audit_logs_table", "CREATE TABLE audit_logs (id INTEGER PRIMARY KEY, action VARCHAR(50) NOT NULL);", "DROP TABLE audit_logs;"),
    ("0014_add_action_index_to_audit_logs_table", "CREATE INDEX audit_logs_action_index ON audit_logs (action);", "DROP INDEX audit_logs_action_index;"),
    ("0015_add_color_to_tags_table", "ALTER TABLE tags ADD COLUMN color VARCHAR(20);", "ALTER TABLE tags DROP COLUMN color;"),
];

/// What each lost file must hold, and what only it may hold.
const PROMISES: &[(&str, &str)] = &[
    ("0004_create_posts_table", "title"),
    ("0005_add_revoked_at_to_device_tokens_table", "revoked_at"),
    ("0006_create_automations_table", "automations"),
    ("0007_add_slug_to_posts_table", "slug"),
    ("0008_create_comments_table", "comments"),
    ("0009_add_published_to_posts_table", "published"),
    ("0010_create_tags_table", "label"),
    ("0011_create_post_tag_table", "post_tag"),
    ("0012_add_bio_to_users_table", "bio"),
    ("0013_create_audit_logs_table", "CREATE TABLE"),
    (
        "0014_add_action_index_to_audit_logs_table",
        "audit_logs_action_index",
    ),
    ("0015_add_color_to_tags_table", "color"),
];

fn app(engine: Engine) -> Project {
    let p = Project::new(engine);
    for (label, up, down) in APP {
        // MySQL names the index to drop with its table.
        let down = if engine == Engine::Mysql {
            down.replace(
                "DROP INDEX posts_slug_unique;",
                "DROP INDEX posts_slug_unique ON posts;",
            )
            .replace(
                "DROP INDEX audit_logs_action_index;",
                "DROP INDEX audit_logs_action_index ON audit_logs;",
            )
        } else {
            (*down).to_string()
        };
        p.migration(label, up, &down);
    }
    p.keel(&["migrate", "--no-backup"]).expect_code(0);
    p
}

fn lose_all_but_the_first_three(p: &Project) {
    for (label, _, _) in &APP[3..] {
        for direction in ["up", "down"] {
            std::fs::remove_file(p.migrations_dir().join(format!("{label}.{direction}.sql")))
                .unwrap();
        }
    }
}

fn up_of(p: &Project, label: &str) -> String {
    std::fs::read_to_string(p.migrations_dir().join(format!("{label}.up.sql")))
        .unwrap_or_else(|e| panic!("{label}.up.sql: {e}"))
}

fn twelve_lost_files_come_back_and_replay_into_the_live_schema(engine: Engine) {
    let p = app(engine);
    lose_all_but_the_first_three(&p);
    let missing = p.states().iter().filter(|(_, s)| s == "missing").count();
    assert_eq!(missing, 12, "{:?}", p.states());

    let report = p.keel_json(&["reconstruct"], 0);
    let written: Vec<String> = report["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    for (label, _, _) in &APP[3..] {
        for direction in ["up", "down"] {
            let name = format!("{label}.{direction}.sql");
            assert!(
                written.iter().any(|w| w.ends_with(&name)),
                "{name} not in {written:?}"
            );
        }
    }
    assert_eq!(written.len(), 24, "{written:?}");
    assert_eq!(report["replay_matches_live"], true, "{report:#}");

    // The folder, replayed into a fresh database, is the live schema; and history is clean.
    p.keel(&["diff", "migrations", p.db.url()]).expect_code(0);
    p.keel(&["status"]).expect_code(0);
    p.keel(&["verify", "--against", "migrations"])
        .expect_code(0);

    // Each file holds what its name promises, and the column promises only there.
    for (label, word) in PROMISES {
        let up = up_of(&p, label);
        assert!(up.contains(word), "{label} should hold {word}:\n{up}");
        assert!(up.contains("Reconstructed by keel"), "{up}");
    }
    for (label, word) in [
        ("0005_add_revoked_at_to_device_tokens_table", "revoked_at"),
        ("0007_add_slug_to_posts_table", "slug"),
        ("0009_add_published_to_posts_table", "published"),
        ("0012_add_bio_to_users_table", "bio"),
        ("0015_add_color_to_tags_table", "color"),
    ] {
        for (other, _) in PROMISES.iter().filter(|(o, _)| o != &label) {
            let sql: String = up_of(&p, other)
                .lines()
                .filter(|l| !l.starts_with("--"))
                .collect();
            assert!(
                !sql.contains(word),
                "{word} belongs to {label}, but {other} has it:\n{sql}"
            );
        }
    }

    // The down scripts are real: rolling the twelve back leaves the first three's schema.
    let first_three = Project::new(engine);
    for (label, up, down) in &APP[..3] {
        first_three.migration(label, up, down);
    }
    first_three.keel(&["migrate", "--no-backup"]).expect_code(0);
    p.keel(&["rollback", "--to", "0003", "--no-backup"])
        .expect_code(0);
    p.keel(&["diff", first_three.db.url(), p.db.url()])
        .expect_code(0);
}

fn nothing_lost_means_nothing_written(engine: Engine) {
    let p = app(engine);
    let report = p.keel_json(&["reconstruct"], 0);
    assert_eq!(report["written"], serde_json::json!([]));
}

fn a_target_folder_with_files_is_refused_and_nothing_changes(engine: Engine) {
    let p = app(engine);
    lose_all_but_the_first_three(&p);
    p.write("elsewhere/keep.txt", "mine");
    let history_before = p.history();
    let run = p.keel(&["reconstruct", "--out", "elsewhere"]);
    run.expect_code(2);
    assert!(run.stderr.contains("already has files"), "{}", run.all());
    assert_eq!(p.history(), history_before);
    assert_eq!(
        std::fs::read_dir(p.root.join("elsewhere")).unwrap().count(),
        1
    );
    assert_eq!(std::fs::read_dir(p.migrations_dir()).unwrap().count(), 6);
}

keel_testkit::engine_tests!(
    twelve_lost_files_come_back_and_replay_into_the_live_schema,
    nothing_lost_means_nothing_written,
    a_target_folder_with_files_is_refused_and_nothing_changes,
);

fn reseed_puts_back_the_protected_rows_the_seed_migration_inserted(engine: Engine) {
    let p = Project::new(engine);
    p.write("keel.toml", "[guard]\nprotect = [\"roles\"]\n");
    p.migration(
        "0001_create_users_table",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL);",
        "DROP TABLE users;",
    );
    p.migration(
        "0002_create_roles_table",
        "CREATE TABLE roles (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);",
        "DROP TABLE roles;",
    );
    p.migration(
        "0003_seed_default_roles",
        "INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'it''s a member');",
        "DELETE FROM roles;",
    );
    p.keel(&["migrate", "--no-backup"]).expect_code(0);
    p.keel(&["snapshot"]).expect_code(0);
    for label in ["0002_create_roles_table", "0003_seed_default_roles"] {
        for direction in ["up", "down"] {
            std::fs::remove_file(p.migrations_dir().join(format!("{label}.{direction}.sql")))
                .unwrap();
        }
    }

    p.keel(&["reconstruct", "--reseed"]).expect_code(0);
    let seed = up_of(&p, "0003_seed_default_roles");
    assert!(seed.contains("INSERT INTO"), "{seed}");
    assert!(seed.contains("it''s a member"), "{seed}");
    assert!(!up_of(&p, "0002_create_roles_table").contains("INSERT"));
    // The folder now rebuilds the roles too: replayed, it matches the live database, rows
    // of the protected table included.
    p.keel(&["verify", "--against", "migrations"])
        .expect_code(0);
}

fn reseed_without_a_snapshot_says_what_to_do(engine: Engine) {
    let p = app(engine);
    lose_all_but_the_first_three(&p);
    let run = p.keel(&["reconstruct", "--reseed"]);
    run.expect_code(2);
    assert!(run.stderr.contains("keel snapshot"), "{}", run.all());
    assert_eq!(
        std::fs::read_dir(p.migrations_dir()).unwrap().count(),
        6,
        "nothing was written"
    );
}

keel_testkit::engine_tests!(
    reseed_puts_back_the_protected_rows_the_seed_migration_inserted,
    reseed_without_a_snapshot_says_what_to_do,
);
