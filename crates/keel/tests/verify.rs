//! Snapshots and drift: `keel snapshot` is byte-stable, `keel verify` names every drift and
//! stays quiet on an untouched database.

mod common;

use common::{Engine, Project};

fn blog(p: &Project) {
    p.migration(
        "0001_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, status VARCHAR(20) NOT NULL DEFAULT 'active');\n\
         CREATE INDEX users_status ON users (status);\n",
        "DROP TABLE users;\n",
    );
    p.migration(
        "0002_create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL,\n\
         CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);\n\
         CREATE INDEX posts_user_id ON posts (user_id);\n",
        "DROP TABLE posts;\n",
    );
    p.migration(
        "0003_create_roles",
        "CREATE TABLE roles (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n\
         INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'editor');\n",
        "DROP TABLE roles;\n",
    );
    p.write("keel.toml", "[guard]\nprotect = [\"roles\"]\n");
}

fn snapshot_twice_gives_identical_bytes(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    p.keel(&["snapshot"]).expect_code(0);
    let first = std::fs::read(p.root.join("schema.json")).unwrap();
    p.keel(&["snapshot", "--out", "again.json"]).expect_code(0);
    let second = std::fs::read(p.root.join("again.json")).unwrap();
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\"format\": 1"), "{text}");
    assert!(
        text.contains("\"admin\""),
        "protected rows are captured: {text}"
    );
    assert!(
        !text.contains("keel_migrations"),
        "history tables stay out: {text}"
    );
}

fn verify_is_quiet_on_an_untouched_database(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    p.keel(&["snapshot"]).expect_code(0);
    let report = p.keel_json(&["verify"], 0);
    assert_eq!(report["in_sync"], true);
    assert_eq!(report["changes"], serde_json::json!([]));
    let replay = p.keel_json(&["verify", "--against", "migrations"], 0);
    assert_eq!(replay["in_sync"], true, "{replay}");
}

fn verify_names_each_drift(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    p.keel(&["snapshot"]).expect_code(0);

    p.db.execute("ALTER TABLE users ADD COLUMN revoked_at VARCHAR(40)");
    p.db.execute(match engine {
        Engine::Mysql => "DROP INDEX users_status ON users",
        _ => "DROP INDEX users_status",
    });
    p.db.execute("UPDATE roles SET name = 'owner' WHERE id = 1");
    match engine {
        Engine::Sqlite => {
            // SQLite cannot alter a default or a foreign key in place: rebuild posts with the
            // drifted definition, as a hand-made hotfix would.
            p.db.execute("CREATE TABLE posts_new (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL, CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL)");
            p.db.execute("DROP TABLE posts");
            p.db.execute("ALTER TABLE posts_new RENAME TO posts");
            p.db.execute("CREATE INDEX posts_user_id ON posts (user_id)");
        }
        Engine::Postgres => {
            p.db.execute("ALTER TABLE users ALTER COLUMN status SET DEFAULT 'pending'");
            p.db.execute("ALTER TABLE posts DROP CONSTRAINT posts_user_fk");
            p.db.execute("ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT");
        }
        Engine::Mysql => {
            p.db.execute("ALTER TABLE users ALTER COLUMN status SET DEFAULT 'pending'");
            p.db.execute("ALTER TABLE posts DROP FOREIGN KEY posts_user_fk");
            p.db.execute("ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT");
        }
    }

    let report = p.keel_json(&["verify"], 1);
    assert_eq!(report["in_sync"], false);
    let changes = report["changes"].as_array().unwrap();
    let has = |kind: &str, table: &str, column: Option<&str>| {
        changes.iter().any(|c| {
            c["kind"] == kind && c["table"] == table && column.is_none_or(|col| c["column"] == col)
        })
    };
    assert!(
        has("column_added", "users", Some("revoked_at")),
        "{changes:#?}"
    );
    assert!(
        has("index_removed", "users", Some("users_status")),
        "{changes:#?}"
    );
    assert!(has("foreign_key_changed", "posts", None), "{changes:#?}");
    assert!(changes.iter().any(|c| c["kind"] == "rows_changed" && c["table"].as_str().unwrap().ends_with("roles")), "{changes:#?}");
    if engine != Engine::Sqlite {
        assert!(
            has("column_changed", "users", Some("status")),
            "{changes:#?}"
        );
    }
    for c in changes {
        for key in ["kind", "table", "column", "detail"] {
            assert!(c.get(key).is_some(), "change without {key}: {c}");
        }
    }

    let human = p.keel(&["verify"]);
    human.expect_code(1);
    assert!(
        human
            .stdout
            .contains("users.revoked_at: column exists in the database but not in schema.json"),
        "{}",
        human.stdout
    );

    let replay = p.keel_json(&["verify", "--against", "migrations"], 1);
    let replay_changes = replay["changes"].as_array().unwrap();
    assert!(
        replay_changes
            .iter()
            .any(|c| c["kind"] == "column_added" && c["column"] == "revoked_at"),
        "{replay}"
    );
}

fn scratch_database_is_dropped(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    let run = p.keel(&["verify", "--against", "migrations", "-v"]);
    run.expect_code(0);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("scratch database"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let url = line.rsplit(' ').next().unwrap();
    match engine {
        Engine::Sqlite => {
            let path = url.trim_start_matches("sqlite://");
            assert!(
                !std::path::Path::new(path).exists(),
                "{path} was left behind"
            );
        }
        Engine::Postgres => {
            let name = url.rsplit('/').next().unwrap();
            let admin = keel_testkit::connect(&engine.admin_url().unwrap())
                .query(
                    &format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'"),
                    &[],
                )
                .unwrap();
            assert_eq!(admin[0][0].as_i64(), Some(0), "{name} was left behind");
        }
        Engine::Mysql => {
            let name = url.rsplit('/').next().unwrap();
            let admin = keel_testkit::connect(&engine.admin_url().unwrap())
                .query(&format!("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"), &[])
                .unwrap();
            assert_eq!(admin[0][0].as_i64(), Some(0), "{name} was left behind");
        }
    }
}

fn bad_snapshots_are_refused_with_exit_2(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);

    p.write("schema.json", "{ this is not json");
    let corrupt = p.keel(&["verify"]);
    corrupt.expect_code(2);
    assert!(corrupt.stderr.contains("schema.json"), "{}", corrupt.stderr);

    p.write("schema.json", "{\"openapi\": \"3.0.0\"}");
    let foreign = p.keel(&["verify"]);
    foreign.expect_code(2);
    assert!(
        foreign.stderr.contains("not a keel schema snapshot"),
        "{}",
        foreign.stderr
    );

    p.write("schema.json", "{\"format\": 99, \"engine\": \"sqlite\"}");
    let future = p.keel(&["verify"]);
    future.expect_code(2);
    assert!(future.stderr.contains("format 99"), "{}", future.stderr);

    let other = if engine == Engine::Postgres {
        "mysql"
    } else {
        "postgres"
    };
    p.write(
        "schema.json",
        &format!(
            "{{\"format\": 1, \"engine\": \"{other}\", \"server\": {{\"version\": \"1.0\"}}}}\n"
        ),
    );
    let wrong_engine = p.keel(&["verify"]);
    wrong_engine.expect_code(2);
    assert!(
        wrong_engine.stderr.contains(other),
        "{}",
        wrong_engine.stderr
    );

    std::fs::remove_file(p.root.join("schema.json")).unwrap();
    let missing = p.keel(&["verify"]);
    missing.expect_code(2);
    assert!(
        missing.stderr.contains("keel snapshot"),
        "{}",
        missing.stderr
    );
}

keel_testkit::engine_tests!(
    snapshot_twice_gives_identical_bytes,
    verify_is_quiet_on_an_untouched_database,
    verify_names_each_drift,
    scratch_database_is_dropped,
    bad_snapshots_are_refused_with_exit_2,
);
