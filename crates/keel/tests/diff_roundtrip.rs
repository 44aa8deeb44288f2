//! `keel diff --emit sql` round trips: for realistic schemas (the corpus at two points of its
//! history, 40+ tables), the up script turns A into B exactly and its down script turns B back
//! into A exactly — checked by snapshots of the live result, not by reading the SQL.

mod common;

use common::{Engine, Project};

fn corpus_dir(engine: Engine) -> String {
    format!(
        "{}/tests/corpus/{}",
        env!("CARGO_MANIFEST_DIR"),
        engine.name()
    )
}

/// Snapshot of the corpus migrated up to `to` (or fully), written to `file` in `p`.
fn corpus_snapshot(engine: Engine, to: Option<&str>, p: &Project, file: &str) {
    let source = Project::new(engine);
    let dir = corpus_dir(engine);
    let mut args = vec!["migrate", "--dir", dir.as_str()];
    if let Some(to) = to {
        args.extend(["--to", to]);
    }
    source.keel(&args).expect_code(0);
    let out = p.root.join(file);
    source
        .keel(&["snapshot", "--dir", &dir, "--out", out.to_str().unwrap()])
        .expect_code(0);
}

fn apply(p: &Project, dir: &std::path::Path) {
    let run = p.keel(&["migrate", "--dir", dir.to_str().unwrap(), "--allow-missing"]);
    run.expect_code(0);
}

fn snapshot_json(p: &Project) -> String {
    let out = p.root.join("live.json");
    p.keel(&["snapshot", "--out", out.to_str().unwrap()])
        .expect_code(0);
    std::fs::read_to_string(out).unwrap()
}

/// Compares the live schema with `expected_file`. Objects keel lists under `unsupported` are
/// never generated: the scripts name them under "not generated, write by hand" instead. So
/// that list is compared apart: every entry the two sides disagree on must be named by one of
/// the scripts generated into `dir`.
#[track_caller]
fn assert_same_schema(p: &Project, expected_file: &str, dir: &std::path::Path) {
    let live = snapshot_json(p);
    let expected = std::fs::read_to_string(p.root.join(expected_file)).unwrap();
    if live == expected {
        return;
    }
    let parse = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };
    let (mut live_json, mut expected_json) = (parse(&live), parse(&expected));
    let take = |v: &mut serde_json::Value| {
        v.as_object_mut()
            .unwrap()
            .remove("unsupported")
            .unwrap_or_default()
    };
    let (live_unsupported, expected_unsupported) = (take(&mut live_json), take(&mut expected_json));
    if live_json != expected_json {
        let diff = p.keel(&["diff", expected_file, "live.json"]);
        panic!(
            "the database does not match {expected_file}:\n{}",
            diff.stdout
        );
    }
    let scripts: String = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    let entries = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
    let (a, b) = (entries(&live_unsupported), entries(&expected_unsupported));
    for entry in a
        .iter()
        .filter(|e| !b.contains(e))
        .chain(b.iter().filter(|e| !a.contains(e)))
    {
        let object = entry["object"].as_str().unwrap();
        assert!(
            scripts.contains(object),
            "{object} ({}) differs from {expected_file} but no script names it",
            entry["kind"]
        );
    }
}

fn emit(p: &Project, from: &str, to: &str, dir: &str, hints: &[&str]) -> std::path::PathBuf {
    let out = p.root.join(dir);
    let mut args = vec![
        "diff",
        from,
        to,
        "--emit",
        "sql",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(hints);
    let run = p.keel(&args);
    assert!(
        run.code == 1 || run.code == 0,
        "diff --emit failed:\n{}",
        run.all()
    );
    out
}

/// The newest script with `suffix` in `dir`.
fn newest(dir: &std::path::Path, suffix: &str) -> String {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    paths.sort();
    std::fs::read_to_string(paths.last().unwrap()).unwrap()
}

/// The renames between A and B, given as hints the way a user would. PostgreSQL cannot move
/// columns, so without them a renamed column would come back last, out of its place.
fn corpus_renames(engine: Engine) -> Vec<&'static str> {
    match engine {
        Engine::Postgres => vec![
            "--rename-table=follows=user_follows",
            "--rename-column=sessions.ip=ip_address",
            "--rename-column=photos.taken_at=captured_at",
            "--rename-column=webhook_endpoints.secret=signing_secret",
            "--rename-index=photos.photos_taken_at_idx=photos_captured_at_idx",
        ],
        _ => Vec::new(),
    }
}

/// What a script lists under "not generated, write by hand" and the generated SQL itself
/// needs, done by hand as a user would: the PostgreSQL corpus has a function returning a
/// composite type, which keel does not model.
fn do_by_hand(p: &Project, script: &str) {
    if script.contains("add composite type public.storage_usage") {
        p.db.execute("CREATE TYPE storage_usage AS (photo_count bigint, total_bytes bigint, largest_bytes bigint)");
    }
}

fn generated_scripts_turn_a_into_b_and_back(engine: Engine) {
    let p = Project::new(engine);
    let empty = Project::new(engine);
    empty
        .keel(&[
            "snapshot",
            "--out",
            p.root.join("empty.json").to_str().unwrap(),
        ])
        .expect_code(0);
    corpus_snapshot(engine, Some("0060"), &p, "a.json");
    corpus_snapshot(engine, None, &p, "b.json");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.root.join("b.json")).unwrap()).unwrap();
    let tables: usize = b["schemas"]
        .as_object()
        .unwrap()
        .values()
        .map(|s| s["tables"].as_object().map_or(0, |t| t.len()))
        .sum();
    assert!(tables >= 40, "schema B has only {tables} tables");

    // empty → A builds A from nothing.
    let to_a = emit(&p, "empty.json", "a.json", "generated", &[]);
    apply(&p, &to_a);
    assert_same_schema(&p, "a.json", &to_a);

    // A → B, then its own down back to A.
    // Into the same folder: keel gives the second migration the next version.
    let a_to_b = emit(&p, "a.json", "b.json", "generated", &corpus_renames(engine));
    do_by_hand(&p, &newest(&a_to_b, ".up.sql"));
    apply(&p, &a_to_b);
    assert_same_schema(&p, "b.json", &a_to_b);
    p.keel(&["rollback", "--dir", a_to_b.to_str().unwrap(), "--step", "1"])
        .expect_code(0);
    assert_same_schema(&p, "a.json", &a_to_b);

    // And A → empty removes everything keel does not own.
    p.keel(&["rollback", "--dir", to_a.to_str().unwrap(), "--step", "1"])
        .expect_code(0);
    assert_same_schema(&p, "empty.json", &to_a);
}

fn identical_schemas_emit_nothing_and_exit_0(engine: Engine) {
    let p = Project::new(engine);
    corpus_snapshot(engine, Some("0030"), &p, "a.json");
    let run = p.keel(&["diff", "a.json", "a.json", "--emit", "sql"]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), "");
}

fn renames_need_a_hint(engine: Engine) {
    let p = Project::new(engine);
    p.migration(
        "0001_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, full_name VARCHAR(100));\n",
        "DROP TABLE users;\n",
    );
    p.keel(&["migrate"]).expect_code(0);
    p.keel(&["snapshot", "--out", "before.json"]).expect_code(0);
    p.db.execute("ALTER TABLE users RENAME COLUMN full_name TO display_name");
    p.keel(&["snapshot", "--out", "after.json"]).expect_code(0);

    let guessed = p.keel(&["diff", "before.json", "after.json", "--emit", "sql"]);
    guessed.expect_code(1);
    assert!(
        guessed.stdout.contains("DROP COLUMN"),
        "without a hint a rename is drop + add:\n{}",
        guessed.stdout
    );
    assert!(
        guessed.stdout.contains("-- destructive"),
        "{}",
        guessed.stdout
    );
    assert!(guessed.stderr.contains("destructive"), "{}", guessed.stderr);

    let hinted = p.keel(&[
        "diff",
        "before.json",
        "after.json",
        "--emit",
        "sql",
        "--rename-column",
        "users.full_name=display_name",
    ]);
    hinted.expect_code(1);
    assert!(hinted.stdout.contains("RENAME COLUMN"), "{}", hinted.stdout);
    assert!(!hinted.stdout.contains("DROP COLUMN"), "{}", hinted.stdout);
}

keel_testkit::engine_tests!(
    generated_scripts_turn_a_into_b_and_back,
    identical_schemas_emit_nothing_and_exit_0,
    renames_need_a_hint,
);
