//! The data guard on `migrate` and `rollback`, on every engine (docs/guard.md): values a batch
//! makes disappear are named with their counts and the pre-batch backup is put back; values
//! that provably moved are reported as moves; declared and accepted losses are kept.
//!
//! The guard needs a backup to undo a loss, so these scenarios need the engine's backup
//! engine (`keel backup create` working on it).

mod common;

use common::{Engine, Project};
use serde_json::Value;

// ---------------------------------------------------------------- fixtures

const PHOTOS: u32 = 1300;
/// Every 13th caption is NULL: 1,200 values in 1,300 rows.
const CAPTIONS: u64 = 1200;

/// Batch 1 creates `photos`; then 1,300 photos are inserted, 1,200 of them with a caption.
fn photos_with_captions(p: &Project) {
    p.migration(
        "0001_create_photos",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n",
        "DROP TABLE photos;\n",
    );
    p.keel_json(&["migrate"], 0);
    let values: Vec<String> = (1..=PHOTOS)
        .map(|i| {
            if i % 13 == 0 {
                format!("({i}, NULL)")
            } else {
                format!("({i}, 'caption {i}')")
            }
        })
        .collect();
    p.db.execute(&format!(
        "INSERT INTO photos (id, caption) VALUES {}",
        values.join(", ")
    ));
    assert_eq!(
        p.db.scalar("SELECT count(caption) FROM photos"),
        CAPTIONS as i64
    );
}

/// The incident: posts are introduced and `photos.caption` is dropped before the captions
/// were copied into them.
fn incident_migration(p: &Project) {
    p.migration(
        "0002_photos_into_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n\
         ALTER TABLE photos ADD COLUMN post_id INTEGER;\n\
         UPDATE photos SET post_id = id;\n\
         ALTER TABLE photos DROP COLUMN caption;\n\
         INSERT INTO posts (id) SELECT post_id FROM photos;\n",
        "DROP TABLE posts;\n",
    );
}

/// The same change done right: create, copy, then drop.
fn corrected_migration(p: &Project) {
    p.migration(
        "0002_photos_into_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n\
         INSERT INTO posts (id, caption) SELECT id, caption FROM photos;\n\
         ALTER TABLE photos ADD COLUMN post_id INTEGER;\n\
         UPDATE photos SET post_id = id;\n\
         ALTER TABLE photos DROP COLUMN caption;\n",
        "-- keel:allows-loss posts, photos.post_id\n\
         ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\n\
         UPDATE photos SET caption = (SELECT caption FROM posts WHERE posts.id = photos.post_id);\n\
         ALTER TABLE photos DROP COLUMN post_id;\n\
         DROP TABLE posts;\n",
    );
}

fn losses(report: &Value, key: &str) -> Vec<(String, Option<String>, u64, u64)> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {report}"))
        .iter()
        .map(|l| {
            (
                l["table"].as_str().unwrap().to_string(),
                l["column"].as_str().map(str::to_string),
                l["before"].as_u64().unwrap(),
                l["after"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has_column(p: &Project, table: &str, column: &str) -> bool {
    let text = p.snapshot_text();
    let snap: Value = serde_json::from_str(&text).unwrap();
    snap["schemas"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|s| s["tables"][table]["columns"].as_array())
        .flatten()
        .any(|c| c["name"] == column)
}

// ---------------------------------------------------------------- the incident

fn the_incident_is_caught_named_and_undone(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    incident_migration(&p);
    let before_snapshot = p.snapshot_text();
    let before_content = p.content();
    let before_history = p.history();

    let run = p.keel(&["migrate"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("photos.caption: 1,200 values → 0 (column dropped)"),
        "the loss is named with its count:\n{}",
        run.all()
    );
    assert!(run.stdout.contains("restored backup"), "{}", run.all());

    assert_eq!(
        p.snapshot_text(),
        before_snapshot,
        "the schema is exactly as before"
    );
    assert_eq!(
        p.content(),
        before_content,
        "every row is exactly as before"
    );
    assert_eq!(p.history(), before_history, "history is as before");
    assert_eq!(
        p.states(),
        [
            ("0001".to_string(), "applied".to_string()),
            ("0002".to_string(), "pending".to_string())
        ]
    );

    // The corrected migration (create → copy → drop) passes and the report shows the move.
    corrected_migration(&p);
    let run = p.keel(&["migrate"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("moved: photos.caption → posts.caption, 1,200 values, content equal"),
        "{}",
        run.all()
    );
    assert_eq!(
        p.db.scalar("SELECT count(caption) FROM posts"),
        CAPTIONS as i64
    );
    assert!(!has_column(&p, "photos", "caption"));

    // Its down script moves the captions back and declares what it drops on purpose.
    let report = p.keel_json(&["rollback"], 0);
    assert_eq!(report["rolled_back"], serde_json::json!(["0002"]));
    let moves = report["moves"].as_array().unwrap();
    assert!(
        moves.iter().any(|m| m["from"] == "posts.caption"
            && m["to"] == "photos.caption"
            && m["values"] == CAPTIONS),
        "{report}"
    );
    assert_eq!(losses(&report, "data_loss"), []);
    assert!(losses(&report, "allowed_loss")
        .iter()
        .any(|l| l.0 == "photos" && l.1.as_deref() == Some("post_id")));
    assert_eq!(
        p.db.scalar("SELECT count(caption) FROM photos"),
        CAPTIONS as i64
    );
}

fn the_loss_report_is_json_and_journaled(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    incident_migration(&p);
    let report = p.keel_json(&["migrate"], 1);
    assert_eq!(
        losses(&report, "data_loss"),
        [(
            "photos".to_string(),
            Some("caption".to_string()),
            CAPTIONS,
            0
        )]
    );
    assert_eq!(report["data_loss"][0]["kind"], "column_dropped");
    assert_eq!(report["applied"], serde_json::json!([]));
    assert_eq!(report["undone"], serde_json::json!(["0002"]));
    let backup = report["backup"].as_str().unwrap();
    assert_eq!(report["restored"], backup);
    assert!(report["safety_backup"].is_string(), "{report}");

    let journal = std::fs::read_to_string(p.root.join(".keel/backups/journal.jsonl")).unwrap();
    let events: Vec<Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The first verdict is batch 1's (clean); the last is this batch's.
    let verdict = events
        .iter()
        .rev()
        .find(|e| e["event"] == "guard.verdict")
        .unwrap_or_else(|| panic!("no guard.verdict in {journal}"));
    assert!(
        verdict.to_string().contains("caption"),
        "the verdict names the column: {verdict}"
    );
    assert!(
        events.iter().any(|e| e["event"] == "guard.restored"),
        "{journal}"
    );
}

// ---------------------------------------------------------------- cascades

fn a_cascade_delete_is_caught(engine: Engine) {
    let p = Project::new(engine);
    p.migration(
        "0001_create_posts_and_photos",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(100));\n\
         CREATE TABLE photos (id INTEGER PRIMARY KEY, post_id INTEGER, caption VARCHAR(100), \
           FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE);\n",
        "DROP TABLE photos;\nDROP TABLE posts;\n",
    );
    p.keel_json(&["migrate"], 0);
    for i in 1..=10 {
        p.db.execute(&format!(
            "INSERT INTO posts (id, title) VALUES ({i}, 'post {i}')"
        ));
    }
    for i in 1..=30 {
        p.db.execute(&format!(
            "INSERT INTO photos (id, post_id, caption) VALUES ({i}, {}, 'photo {i}')",
            i % 10 + 1
        ));
    }
    // Removing old posts is intended and declared; the photos it takes with it are not.
    p.migration(
        "0002_remove_old_posts",
        "-- keel:allows-loss posts\nDELETE FROM posts WHERE id <= 3;\n",
        "",
    );
    let run = p.keel(&["migrate", "--format", "json"]);
    if engine == Engine::Sqlite {
        // keel runs SQLite migrations with foreign_keys off (as SQLite prescribes for schema
        // changes), so the cascade cannot happen: the integrity check refuses the orphans
        // the delete would leave, and the migration is rolled back.
        run.expect_code(2);
        assert!(run.all().contains("photos"), "{}", run.all());
    } else {
        run.expect_code(1);
        let report = run.json();
        let lost = losses(&report, "data_loss");
        assert!(
            lost.contains(&("photos".to_string(), Some("caption".to_string()), 30, 21)),
            "the photos deleted through the cascade are named: {report}"
        );
        assert!(
            lost.iter().all(|l| l.0 == "photos"),
            "posts is declared: {report}"
        );
        assert!(losses(&report, "allowed_loss")
            .iter()
            .any(|l| l.0 == "posts"));
    }
    assert_eq!(p.db.scalar("SELECT count(*) FROM photos"), 30);
    assert_eq!(p.db.scalar("SELECT count(*) FROM posts"), 10);
}

// ---------------------------------------------------------------- declared and accepted loss

fn an_allows_loss_directive_is_honoured(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    p.migration(
        "0002_drop_caption",
        "-- Captions moved to the CMS; nothing reads them any more.\n\
         -- keel:allows-loss photos.caption\n\
         ALTER TABLE photos DROP COLUMN caption;\n",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\n",
    );
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(report["applied"], serde_json::json!(["0002"]));
    assert_eq!(losses(&report, "data_loss"), []);
    assert_eq!(
        losses(&report, "allowed_loss"),
        [(
            "photos".to_string(),
            Some("caption".to_string()),
            CAPTIONS,
            0
        )]
    );
    assert_eq!(report["allowed_loss"][0]["allowed_by"], "0002_drop_caption");
    assert!(!has_column(&p, "photos", "caption"));
}

fn accept_loss_keeps_the_result(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    incident_migration(&p);
    let report = p.keel_json(&["migrate", "--accept-loss"], 0);
    assert_eq!(report["applied"], serde_json::json!(["0002"]));
    assert_eq!(report["loss_accepted"], true);
    assert_eq!(
        losses(&report, "data_loss"),
        [(
            "photos".to_string(),
            Some("caption".to_string()),
            CAPTIONS,
            0
        )]
    );
    assert!(report["restored"].is_null());
    assert!(!has_column(&p, "photos", "caption"));
    assert_eq!(p.db.scalar("SELECT count(*) FROM posts"), PHOTOS as i64);
}

fn a_rollback_that_drops_values_is_undone(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    p.migration(
        "0002_add_alt_text",
        "ALTER TABLE photos ADD COLUMN alt VARCHAR(200);\n",
        "ALTER TABLE photos DROP COLUMN alt;\n",
    );
    p.keel_json(&["migrate"], 0);
    p.db.execute("UPDATE photos SET alt = 'described' WHERE id <= 5");
    let run = p.keel(&["rollback"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("photos.alt: 5 values → 0"),
        "{}",
        run.all()
    );
    assert_eq!(p.db.scalar("SELECT count(alt) FROM photos"), 5);
    assert_eq!(p.states()[1], ("0002".to_string(), "applied".to_string()));
}

fn no_backup_means_no_guard_and_says_so(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    incident_migration(&p);
    let run = p.keel(&["migrate", "--no-backup"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("the data guard is OFF"),
        "{}",
        run.stderr
    );
    assert!(!has_column(&p, "photos", "caption"));
}

// ---------------------------------------------------------------- bad input

fn an_allowance_for_a_column_that_does_not_exist_is_bad_input(engine: Engine) {
    let p = Project::new(engine);
    photos_with_captions(&p);
    p.migration(
        "0002_drop_caption",
        "-- keel:allows-loss photos.captoin\nALTER TABLE photos DROP COLUMN caption;\n",
        "",
    );
    assert_eq!(backups(&p), 1, "batch 1 took one");
    let run = p.keel(&["migrate"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("0002_drop_caption")
            && run.stderr.contains("photos.captoin")
            && run.stderr.contains("does not have"),
        "{}",
        run.stderr
    );
    assert!(has_column(&p, "photos", "caption"), "nothing ran");
    assert_eq!(p.states()[1], ("0002".to_string(), "pending".to_string()));
    assert_eq!(
        backups(&p),
        1,
        "no backup is taken for a batch that cannot start"
    );
}

fn backups(p: &Project) -> usize {
    p.keel_json(&["backup", "list"], 0)
        .as_array()
        .unwrap()
        .len()
}

keel_testkit::engine_tests!(
    the_incident_is_caught_named_and_undone,
    the_loss_report_is_json_and_journaled,
    a_cascade_delete_is_caught,
    an_allows_loss_directive_is_honoured,
    accept_loss_keeps_the_result,
    a_rollback_that_drops_values_is_undone,
    no_backup_means_no_guard_and_says_so,
    an_allowance_for_a_column_that_does_not_exist_is_bad_input,
);
