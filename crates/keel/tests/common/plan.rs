//! The planner round trip shared by the per-engine plan tests: build A and B, emit the plan
//! between them with `keel diff --emit sql`, apply it to A (seeded with rows) and back, and
//! require the database to match each side exactly, with nothing left to plan.

use super::{Engine, Project};

/// Builds A and B, emits the plan between them, applies it to A (seeded with `seed`), rolls
/// it back and applies it again; returns the up and down scripts and the project (left at B).
/// `None` when the engine's server is not available (outside CI).
pub fn round_trip(
    engine: Engine,
    a_sql: &str,
    b_sql: &str,
    seed: &str,
    extra: &[&str],
) -> Option<(String, String, Project)> {
    if !engine.available() {
        return None;
    }
    let p = Project::new(engine);
    let b = Project::new(engine);
    run(&p, a_sql);
    run(&b, b_sql);
    p.keel(&["snapshot", "--out", "a.json"]).expect_code(0);
    b.keel(&["snapshot", "--out", p.root.join("b.json").to_str().unwrap()])
        .expect_code(0);
    run(&p, seed);
    let (up, down) = emit(&p, "a.json", "b.json", extra);

    // The plans under test drop seeded tables and columns on purpose; without
    // --accept-loss the data guard would put them back.
    let migrated = p.keel(&[
        "migrate",
        "--dir",
        "gen",
        "--allow-missing",
        "--accept-loss",
    ]);
    assert_eq!(migrated.code, 0, "{}\n--- script\n{up}", migrated.all());
    same(&p, "b.json", &up);
    let rolled = p.keel(&["rollback", "--dir", "gen", "--accept-loss"]);
    assert_eq!(rolled.code, 0, "{}\n--- script\n{down}", rolled.all());
    same(&p, "a.json", &down);
    p.keel(&[
        "migrate",
        "--dir",
        "gen",
        "--allow-missing",
        "--accept-loss",
    ])
    .expect_code(0);
    same(&p, "b.json", &up);
    Some((up, down, p))
}

/// `keel diff FROM TO --emit sql --out gen`: the newest up and down scripts written.
pub fn emit(p: &Project, from: &str, to: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["diff", from, to, "--emit", "sql", "--out", "gen"];
    args.extend_from_slice(extra);
    let emitted = p.keel(&args);
    assert!(emitted.code <= 1, "{}", emitted.all());
    let read = |suffix: &str| {
        let mut paths: Vec<_> = std::fs::read_dir(p.root.join("gen"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|path| path.to_string_lossy().ends_with(suffix))
            .collect();
        paths.sort();
        std::fs::read_to_string(paths.last().unwrap()).unwrap()
    };
    (read(".up.sql"), read(".down.sql"))
}

/// Runs a script statement by statement on the project's database.
pub fn run(p: &Project, sql: &str) {
    let dialect = match p.db.engine() {
        Engine::Sqlite => keel_sql::Dialect::Sqlite,
        Engine::Postgres => keel_sql::Dialect::Postgres,
        Engine::Mysql => keel_sql::Dialect::Mysql,
    };
    let mut conn = p.db.connect();
    for s in keel_sql::split(sql, dialect).unwrap() {
        conn.execute(&s.text)
            .unwrap_or_else(|e| panic!("{e}\n{}", s.text));
    }
}

/// The live database matches the snapshot `expected` exactly, and planning from it to
/// `expected` again finds nothing left to do (the plan converged in one run).
#[track_caller]
pub fn same(p: &Project, expected: &str, script: &str) {
    p.keel(&["snapshot", "--out", "live.json"]).expect_code(0);
    let live = std::fs::read_to_string(p.root.join("live.json")).unwrap();
    let want = std::fs::read_to_string(p.root.join(expected)).unwrap();
    if live != want {
        let d = p.keel(&["diff", expected, "live.json"]);
        panic!(
            "after the script the database differs from {expected}:\n{}\n--- script\n{script}",
            d.stdout
        );
    }
    let again = p.keel(&["diff", p.db.url(), expected, "--emit", "sql"]);
    assert_eq!(
        again.code,
        0,
        "a second diff is not empty:\n{}",
        again.all()
    );
    assert_eq!(again.stdout.trim(), "", "{}", again.all());
}
