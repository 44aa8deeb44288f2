//! `keel recover`: the second incident's page of manual steps as one command — and finished by
//! running it again after an interruption at any step.

mod common;

use std::time::Duration;

use common::{Engine, Project};

/// Photos with captions, then a batch that introduces posts and drops `photos.caption` before
/// copying it, kept with `--accept-loss`. Returns the id of the backup taken before that batch.
fn caption_incident(engine: Engine) -> (Project, String) {
    let p = common::incident::photos_then_the_bad_batch(engine);
    let migrated = p.keel_json(&["migrate", "--accept-loss"], 0);
    let backup = migrated["backup"]
        .as_str()
        .expect("the pre-migrate backup")
        .to_string();
    (p, backup)
}

/// `(id, caption)` of every photo, by id.
fn captions(p: &Project) -> Vec<(i64, Option<String>)> {
    p.db.query("SELECT id, caption FROM photos ORDER BY id")
        .into_iter()
        .map(|r| (r[0].as_i64().unwrap(), r[1].as_str().map(str::to_string)))
        .collect()
}

fn assert_recovered(p: &Project) {
    assert_eq!(
        captions(p),
        vec![
            (1, Some("sunset".to_string())),
            (2, Some("harbour".to_string())),
            (3, None),
        ]
    );
    assert!(!p.db.has_table("posts"));
    assert_eq!(
        p.states(),
        [
            ("0001".to_string(), "applied".to_string()),
            ("0002".to_string(), "pending".to_string())
        ]
    );
    p.keel(&["check"]).expect_code(0);
}

fn recover_restores_the_backup_before_the_batch_and_writes_the_report(engine: Engine) {
    let (p, backup) = caption_incident(engine);
    let run = p.keel(&["recover", "--yes", "--report", "incident.md"]);
    run.expect_code(0);
    assert_recovered(&p);
    let md = std::fs::read_to_string(p.root.join("incident.md")).unwrap();
    for needle in [
        "`photos.caption` 2 → 0",
        &format!("Backup `{backup}` was restored"),
        "## Timeline",
        "recover.started",
        "Migrations applied: `0002_introduce_posts`",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
    // The recovery is journaled from start to finish.
    let journal = p.keel_json(&["journal"], 0);
    let events: Vec<&str> = journal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    let start = events.iter().position(|e| *e == "recover.started").unwrap();
    let end = events
        .iter()
        .position(|e| *e == "recover.finished")
        .unwrap();
    assert!(start < end, "{events:?}");
}

fn a_recovery_killed_at_any_step_is_finished_by_running_it_again(engine: Engine) {
    let mut moments = common::kill::KillMoments::seeded(0x9e37_79b9_7f4a_7c15);
    for _ in 0..4 {
        let delay = moments.below(900);
        let (p, _) = caption_incident(engine);
        let mut child = p.spawn_keel(&["recover", "--yes"]);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let again = p.keel(&["recover", "--yes"]);
        again.expect_code(0);
        assert_recovered(&p);
    }
}

fn recover_refuses_without_a_backup_before_the_batch(engine: Engine) {
    let p = Project::new(engine);
    p.migration(
        "0001_create_photos_table",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200));",
        "DROP TABLE photos;",
    );
    p.keel(&["migrate", "--no-backup"]).expect_code(0);
    p.db.execute("INSERT INTO photos (id, caption) VALUES (1, 'sunset')");
    let run = p.keel(&["recover", "--yes"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--backup ID"), "{}", run.all());
    assert_eq!(p.db.scalar("SELECT COUNT(*) FROM photos"), 1);
}

fn recover_refuses_a_backup_of_another_database(engine: Engine) {
    let (p, _) = caption_incident(engine);
    let (other, other_backup) = caption_incident(engine);
    let path = other
        .root
        .join(".keel/backups")
        .join(format!("{other_backup}.keelbak"));
    assert!(path.exists(), "{}", path.display());
    let run = p.keel(&["recover", "--yes", "--backup", path.to_str().unwrap()]);
    run.expect_code(2);
    assert!(run.stderr.contains("not of this"), "{}", run.all());
    assert!(p.db.has_table("posts"), "nothing changed");
}

keel_testkit::engine_tests!(
    recover_restores_the_backup_before_the_batch_and_writes_the_report,
    a_recovery_killed_at_any_step_is_finished_by_running_it_again,
    recover_refuses_without_a_backup_before_the_batch,
    recover_refuses_a_backup_of_another_database,
);
