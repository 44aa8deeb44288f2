//! `keel rehearse` on every engine (docs/guard.md): the pending migrations run up and down on a
//! scratch copy; losses going up and what the down scripts fail to restore are reported, the
//! live database is only read, and the copy is dropped.

mod common;

use std::path::Path;

use common::incident::photos_then_the_bad_batch;
use common::Engine;
use serde_json::Value;

/// Whether the scratch database a report names still exists.
fn scratch_exists(engine: Engine, report: &Value) -> bool {
    let url = report["clone"]["scratch"]
        .as_str()
        .unwrap_or_else(|| panic!("no clone.scratch in {report}"));
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap();
    assert!(name.starts_with("keel_scratch_"), "{url}");
    let count = |sql: String| -> i64 {
        keel_testkit::connect(&engine.admin_url().unwrap())
            .query(&sql, &[])
            .unwrap()[0][0]
            .as_i64()
            .unwrap()
    };
    match engine {
        Engine::Sqlite => Path::new(url.trim_start_matches("sqlite://")).exists(),
        Engine::Postgres => {
            count(format!(
                "SELECT count(*) FROM pg_database WHERE datname = '{name}'"
            )) > 0
        }
        Engine::Mysql => {
            count(format!(
                "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"
            )) > 0
        }
    }
}

fn named(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|l| match l["column"].as_str() {
            Some(c) => format!("{}.{c}", l["table"].as_str().unwrap()),
            None => l["table"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn the_bad_migration_is_reported_and_the_live_database_is_untouched(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let before_snapshot = p.snapshot_text();
    let before_content = p.content();

    let report = p.keel_json(&["rehearse"], 1);
    assert_eq!(report["ok"], false, "{report}");
    let loss = &report["data_loss"][0];
    assert_eq!(
        (
            loss["table"].as_str(),
            loss["column"].as_str(),
            loss["before"].as_u64(),
            loss["after"].as_u64()
        ),
        (Some("photos"), Some("caption"), Some(2), Some(0)),
        "{report}"
    );
    // Its down script re-adds the column empty: the captions are not restored either.
    assert_eq!(report["rollback_clean"], false);
    assert!(named(&report["not_restored"]).contains(&"photos.caption".to_string()));
    assert_eq!(report["migrations"][0]["id"], "0002");
    assert!(report["migrations"][0]["up_ms"].is_u64(), "{report}");
    assert!(report["migrations"][0]["down_ms"].is_u64(), "{report}");

    assert_eq!(
        p.snapshot_text(),
        before_snapshot,
        "the live schema is unchanged"
    );
    assert_eq!(p.content(), before_content, "the live rows are unchanged");
    assert_eq!(p.states()[1], ("0002".to_string(), "pending".to_string()));
    assert!(
        !scratch_exists(engine, &report),
        "the scratch copy is dropped"
    );

    let run = p.keel(&["rehearse"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("photos.caption: 2 values → 0 (column dropped)"),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("rehearsal NOT clean"), "{}", run.all());
}

fn a_down_script_that_forgets_a_column_is_named(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    // Up moves the captions into their own table (a move, no loss); down re-creates the
    // column but forgets to copy the captions back.
    p.migration(
        "0002_introduce_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n\
         INSERT INTO posts (id, caption) SELECT id, caption FROM photos;\n\
         ALTER TABLE photos DROP COLUMN caption;\n",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\nDROP TABLE posts;\n",
    );
    let report = p.keel_json(&["rehearse"], 1);
    assert_eq!(report["data_loss"], serde_json::json!([]), "{report}");
    assert_eq!(report["moves"][0]["from"], "photos.caption", "{report}");
    assert_eq!(report["rollback_clean"], false, "{report}");
    assert_eq!(
        named(&report["not_restored"]),
        ["photos.caption"],
        "{report}"
    );
    assert_eq!(report["not_restored"][0]["before"], 2);
    assert_eq!(report["not_restored"][0]["after"], 0);
    assert!(!scratch_exists(engine, &report));

    let run = p.keel(&["rehearse"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("ROLLBACK NOT CLEAN")
            && run.stdout.contains("photos.caption: values not restored"),
        "{}",
        run.all()
    );
}

fn a_good_migration_rehearses_clean(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    p.migration(
        "0002_introduce_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n\
         ALTER TABLE photos ADD COLUMN title VARCHAR(50);\n",
        "ALTER TABLE photos DROP COLUMN title;\nDROP TABLE posts;\n",
    );
    let report = p.keel_json(&["rehearse"], 0);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["rollback_clean"], true, "{report}");
    assert_eq!(report["data_loss"], serde_json::json!([]));
    assert_eq!(report["not_restored"], serde_json::json!([]));
    assert_eq!(report["schema_not_restored"], serde_json::json!([]));
    let locks = &report["migrations"][0]["locks"];
    if engine == Engine::Postgres {
        // The ALTER TABLE statement took the strongest lock on photos.
        let alter = locks
            .as_array()
            .unwrap_or_else(|| panic!("no locks on PostgreSQL: {report}"))
            .iter()
            .find(|s| {
                s["statement"]
                    .as_str()
                    .unwrap()
                    .starts_with("ALTER TABLE photos")
            })
            .unwrap();
        assert!(
            alter["locks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["relation"] == "public.photos" && l["mode"] == "AccessExclusiveLock"),
            "{report}"
        );
        assert_eq!(report["locks_note"], Value::Null);
    } else {
        assert_eq!(*locks, Value::Null);
        assert!(report["locks_note"].is_string(), "{report}");
    }
    assert!(!scratch_exists(engine, &report));
    assert!(
        !p.db.has_table("posts"),
        "the live database was not migrated"
    );
    if engine == Engine::Postgres {
        // With no other session on the database, PostgreSQL copies it as a template …
        let method = report["clone"]["method"].as_str().unwrap();
        assert!(method.contains("TEMPLATE"), "{report}");
        // … and while one is connected, keel falls back to a backup and a restore.
        let _session = p.db.connect();
        let report = p.keel_json(&["rehearse"], 0);
        let method = report["clone"]["method"].as_str().unwrap();
        assert!(
            method.starts_with("keel backup + restore") && method.contains("TEMPLATE was refused"),
            "{report}"
        );
        assert!(!scratch_exists(engine, &report));
    }
    assert_eq!(p.states()[1], ("0002".to_string(), "pending".to_string()));
}

fn rehearsing_on_a_backup_uses_the_backup(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let created = p.keel_json(&["backup", "create"], 0);
    let id = created["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {created}"))
        .to_string();
    // Rows deleted after the backup: a rehearsal on the backup still sees the captions.
    p.db.execute("DELETE FROM photos");
    let report = p.keel_json(&["rehearse", "--backup", &id], 1);
    assert_eq!(report["data_loss"][0]["before"], 2, "{report}");
    assert!(
        report["clone"]["method"].as_str().unwrap().contains(&id),
        "{report}"
    );
    assert!(!scratch_exists(engine, &report));
    assert_eq!(p.db.scalar("SELECT count(*) FROM photos"), 0);
}

fn a_backup_of_another_database_is_bad_input(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let other = photos_then_the_bad_batch(engine);
    let created = other.keel_json(&["backup", "create"], 0);
    let id = created["id"].as_str().unwrap().to_string();
    let from = other.root.join(".keel/backups");
    let to = p.root.join(".keel/backups");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with(&id) {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    let run = p.keel(&["rehearse", "--backup", &id]);
    run.expect_code(2);
    assert!(run.stderr.contains("is of database"), "{}", run.all());

    let run = p.keel(&["rehearse", "--backup", "no-such-backup"]);
    run.expect_code(2);
}

fn nothing_pending_is_clean_and_history_out_of_sync_is_exit_2(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    std::fs::remove_file(p.migrations_dir().join("0002_introduce_posts.up.sql")).unwrap();
    std::fs::remove_file(p.migrations_dir().join("0002_introduce_posts.down.sql")).unwrap();
    let report = p.keel_json(&["rehearse"], 0);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["migrations"], serde_json::json!([]));
    let run = p.keel(&["rehearse"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Nothing to rehearse"), "{}", run.all());

    // An applied migration edited after it ran: status is not clean, nothing can be planned.
    p.migration(
        "0001_create_photos_table",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(99));",
        "DROP TABLE photos;",
    );
    let run = p.keel(&["rehearse"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot be planned"), "{}", run.all());
}

/// A statement that keeps the engine busy for a few seconds.
fn slow_statement(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => "SELECT pg_sleep(3);\n",
        Engine::Mysql => "SELECT SLEEP(3);\n",
        Engine::Sqlite => {
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000000)\n\
             SELECT count(*) FROM n;\n"
        }
    }
}

fn ctrl_c_drops_the_scratch_copy(engine: Engine) {
    use std::io::{BufRead, BufReader};
    use std::time::{Duration, Instant};

    let p = photos_then_the_bad_batch(engine);
    p.migration(
        "0002_introduce_posts",
        slow_statement(engine),
        "SELECT 1;\n",
    );
    let mut child = std::process::Command::new(common::keel_bin())
        .args(["rehearse", "-v", "--database", p.db.url()])
        .current_dir(&p.root)
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("keel names its scratch database with -v")
            .unwrap();
        if let Some(url) = line.split("rehearsing in scratch database ").nth(1) {
            break url.trim().to_string();
        }
    };
    let report = serde_json::json!({ "clone": { "scratch": url } });
    assert!(
        scratch_exists(engine, &report),
        "the copy exists while rehearsing"
    );
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "Ctrl-C exits 130");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        !scratch_exists(engine, &report),
        "the scratch copy {url} was left behind"
    );
    assert_eq!(p.states()[1], ("0002".to_string(), "pending".to_string()));
}

fn a_failing_migration_is_a_finding(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    p.migration(
        "0002_introduce_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\nALTER TABLE no_such_table ADD COLUMN x INTEGER;\n",
        "DROP TABLE posts;\n",
    );
    let report = p.keel_json(&["rehearse"], 1);
    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["failure"]["migration"], "0002", "{report}");
    assert_eq!(report["failure"]["direction"], "up");
    assert!(
        report["failure"]["message"]
            .as_str()
            .unwrap()
            .contains("no_such_table"),
        "{report}"
    );
    assert!(!scratch_exists(engine, &report));
    assert!(!p.db.has_table("posts"), "the live database was only read");
}

keel_testkit::engine_tests!(
    ctrl_c_drops_the_scratch_copy,
    a_failing_migration_is_a_finding,
    nothing_pending_is_clean_and_history_out_of_sync_is_exit_2,
    the_bad_migration_is_reported_and_the_live_database_is_untouched,
    a_down_script_that_forgets_a_column_is_named,
    a_good_migration_rehearses_clean,
    rehearsing_on_a_backup_uses_the_backup,
    a_backup_of_another_database_is_bad_input,
);
