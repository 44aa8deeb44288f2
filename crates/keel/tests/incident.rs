//! `keel journal` and `keel report incident`: the second incident — a column dropped before
//! its data was copied — told from the journal, with blanks only where a person must judge.

mod common;

use common::{Engine, Project};

fn caption_incident(engine: Engine) -> Project {
    let p = common::incident::photos_then_the_bad_batch(engine);
    p.keel(&["migrate", "--accept-loss"]).expect_code(0);
    p
}

fn the_report_names_the_lost_column_the_backup_and_the_timeline(engine: Engine) {
    let p = caption_incident(engine);
    let backups = p.keel_json(&["backup", "list"], 0);
    let pre_migrate = backups
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["id"].as_str())
        .rfind(|id| id.ends_with("pre-migrate"))
        .expect("a pre-migrate backup")
        .to_string();
    p.keel(&["backup", "restore", &pre_migrate, "--yes"])
        .expect_code(0);

    p.keel(&["report", "incident", "--out", "incident.md"])
        .expect_code(0);
    let md = std::fs::read_to_string(p.root.join("incident.md")).unwrap();
    for needle in [
        "# Incident report",
        "`photos.caption` 2 → 0 (kept with `--accept-loss`)",
        &format!("Backup `{pre_migrate}` was restored"),
        "Tables affected: `photos`",
        "Migrations applied: `0002_introduce_posts`",
        "## Timeline",
        "guard.verdict",
        "backup.restored",
        "Users and features affected: _(to be filled in)_",
        "## Prevention",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
    assert!(
        !md.contains("0001"),
        "the first, clean batch is not part of the incident:\n{md}"
    );
    let password =
        p.db.url()
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
    if let Some((userinfo, _)) = password.split_once('@') {
        if let Some((_, secret)) = userinfo.split_once(':') {
            assert!(!md.contains(secret), "the report holds a password");
        }
    }
}

fn the_journal_lists_this_databases_events_oldest_first(engine: Engine) {
    let p = caption_incident(engine);
    let journal = p.keel_json(&["journal"], 0);
    let events: Vec<&str> = journal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    let started = events.iter().position(|e| *e == "migrate.started").unwrap();
    let verdict = events.iter().rposition(|e| *e == "guard.verdict").unwrap();
    assert!(started < verdict, "{events:?}");
    let timestamps: Vec<&str> = journal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["ts"].as_str().unwrap())
        .collect();
    let mut sorted = timestamps.clone();
    sorted.sort_unstable();
    assert_eq!(timestamps, sorted);

    let later = p.keel_json(&["journal", "--since", "2999-01-01"], 0);
    assert_eq!(later["events"], serde_json::json!([]));
}

fn a_clean_journal_asks_for_a_window_and_bad_times_are_refused(engine: Engine) {
    let p = Project::new(engine);
    p.migration(
        "0001_t",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "DROP TABLE t;",
    );
    p.keel(&["migrate"]).expect_code(0);
    let run = p.keel(&["report", "incident"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--since"), "{}", run.all());
    let run = p.keel(&["journal", "--since", "yesterday-ish"]);
    run.expect_code(2);
    assert!(run.stderr.contains("RFC 3339"), "{}", run.all());
    let report = p.keel(&["report", "incident", "--since", "1d"]);
    report.expect_code(0);
    assert!(
        report.stdout.contains("no migration, loss or restore")
            || report.stdout.contains("Migrations applied"),
        "{}",
        report.all()
    );
}

keel_testkit::engine_tests!(
    the_report_names_the_lost_column_the_backup_and_the_timeline,
    the_journal_lists_this_databases_events_oldest_first,
    a_clean_journal_asks_for_a_window_and_bad_times_are_refused,
);
