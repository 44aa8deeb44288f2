//! The guard's before-fingerprint comes from the pre-batch backup's stream on `migrate`,
//! `rollback` and `run`, on every engine (docs/guard.md, "Fingerprints from the backup
//! stream"): the journal says how many tables it took from there, and a move is still proven
//! with those numbers, its before-digest read back from the backup's artifact.

mod common;

use common::{Engine, Project};
use serde_json::Value;

/// `photos` with 500 rows, every fifth caption NULL, some unicode and empty captions.
fn photos(p: &Project) {
    p.migration(
        "0001_create_photos",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200));\n",
        "DROP TABLE photos;\n",
    );
    p.keel_json(&["migrate"], 0);
    let values: Vec<String> = (1..=500)
        .map(|i| match i % 5 {
            0 => format!("({i}, NULL)"),
            1 => format!("({i}, '')"),
            2 => format!("({i}, 'légende ✓ {i}')"),
            _ => format!("({i}, 'caption {i}')"),
        })
        .collect();
    p.db.execute(&format!(
        "INSERT INTO photos (id, caption) VALUES {}",
        values.join(", ")
    ));
}

/// The last `guard.verdict` of the journal.
fn last_verdict(p: &Project) -> Value {
    let journal = std::fs::read_to_string(p.root.join(".keel/backups/journal.jsonl")).unwrap();
    journal
        .lines()
        .rev()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["event"] == "guard.verdict")
        .unwrap_or_else(|| panic!("no guard.verdict in {journal}"))
}

fn migrate_and_rollback_fingerprint_from_the_backup(engine: Engine) {
    let p = Project::new(engine);
    photos(&p);
    p.migration(
        "0002_rename_caption",
        "ALTER TABLE photos ADD COLUMN title VARCHAR(200);\n\
         UPDATE photos SET title = caption;\n\
         ALTER TABLE photos DROP COLUMN caption;\n",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\n\
         UPDATE photos SET caption = title;\n\
         ALTER TABLE photos DROP COLUMN title;\n",
    );

    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(report["guard"], true, "{report}");
    assert_eq!(report["data_loss"], serde_json::json!([]), "{report}");
    let moves = report["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1, "{report}");
    assert_eq!(moves[0]["from"], "photos.caption");
    assert_eq!(moves[0]["to"], "photos.title");
    assert_eq!(moves[0]["values"], 400);
    assert_eq!(moves[0]["content_equal"], true);
    let verdict = last_verdict(&p);
    assert_eq!(verdict["details"]["before_from_backup"], 1, "{verdict}");
    assert_eq!(
        verdict["details"]["unproven_moves"],
        serde_json::json!([]),
        "the artifact gave the digest: {verdict}"
    );

    let report = p.keel_json(&["rollback"], 0);
    assert_eq!(report["guard"], true, "{report}");
    assert_eq!(report["moves"][0]["to"], "photos.caption", "{report}");
    let verdict = last_verdict(&p);
    assert_eq!(verdict["details"]["before_from_backup"], 1, "{verdict}");
}

fn a_loss_is_still_caught_with_the_streamed_fingerprint(engine: Engine) {
    let p = Project::new(engine);
    photos(&p);
    p.migration(
        "0002_drop_caption",
        "ALTER TABLE photos DROP COLUMN caption;\n",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\n",
    );
    let report = p.keel_json(&["migrate"], 1);
    let loss = &report["data_loss"][0];
    assert_eq!(loss["table"], "photos", "{report}");
    assert_eq!(loss["column"], "caption", "{report}");
    assert_eq!(loss["before"], 400, "{report}");
    assert_eq!(loss["after"], 0, "{report}");
    assert_eq!(last_verdict(&p)["details"]["before_from_backup"], 1);
    assert_eq!(
        p.db.scalar("SELECT count(caption) FROM photos"),
        400,
        "the backup was put back"
    );
}

/// A batch that only adds structure to `photos` cannot take a value from it, so the guard
/// reads nothing of it (neither side); the same statements with one that can change values
/// read it again and catch the loss.
fn a_table_only_given_a_new_column_is_not_read(engine: Engine) {
    let p = Project::new(engine);
    photos(&p);
    p.migration(
        "0002_add_title",
        "ALTER TABLE photos ADD COLUMN title VARCHAR(100);\n\
         CREATE INDEX photos_title ON photos (title);\n\
         CREATE TABLE posts (id INTEGER PRIMARY KEY, photo_id INTEGER);\n",
        "DROP TABLE posts;\n\
         ALTER TABLE photos DROP COLUMN title;\n",
    );
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(report["guard"], true, "{report}");
    let verdict = last_verdict(&p);
    assert_eq!(verdict["details"]["read_all"], false, "{verdict}");
    assert_eq!(verdict["details"]["before_from_backup"], 0, "{verdict}");
    assert_eq!(
        verdict["details"]["tables_read"], 1,
        "only the new posts: {verdict}"
    );

    p.migration(
        "0003_title_from_caption",
        "ALTER TABLE photos ADD COLUMN subtitle VARCHAR(100);\n\
         UPDATE photos SET caption = NULL WHERE id <= 10;\n",
        "ALTER TABLE photos DROP COLUMN subtitle;\n",
    );
    let report = p.keel_json(&["migrate"], 1);
    let loss = &report["data_loss"][0];
    assert_eq!(loss["column"], "caption", "{report}");
    assert_eq!(loss["before"], 400, "{report}");
    assert_eq!(loss["after"], 392, "{report}");
    assert_eq!(last_verdict(&p)["details"]["before_from_backup"], 1);
}

/// An encrypted backup without the identity at hand cannot be read back for a digest, so it
/// digests as it streams (as before digests moved to the artifact): the move is still proven.
#[test]
fn an_encrypted_backup_without_identity_still_proves_a_move() {
    let p = Project::new(Engine::Sqlite);
    photos(&p);
    let key = age::x25519::Identity::generate();
    p.write(
        "keel.toml",
        &format!("[backup]\nencrypt_to = \"{}\"\n", key.to_public()),
    );
    p.migration(
        "0002_rename_caption",
        "ALTER TABLE photos ADD COLUMN title VARCHAR(200);\n\
         UPDATE photos SET title = caption;\n\
         ALTER TABLE photos DROP COLUMN caption;\n",
        "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);\n",
    );
    let report = p.keel_json(&["migrate"], 0);
    assert_eq!(report["data_loss"], serde_json::json!([]), "{report}");
    assert_eq!(report["moves"][0]["to"], "photos.title", "{report}");
    let verdict = last_verdict(&p);
    assert_eq!(verdict["details"]["unproven_moves"], serde_json::json!([]));
}

keel_testkit::engine_tests!(
    a_table_only_given_a_new_column_is_not_read,
    migrate_and_rollback_fingerprint_from_the_backup,
    a_loss_is_still_caught_with_the_streamed_fingerprint,
);
