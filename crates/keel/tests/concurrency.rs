//! One runner per database: two `keel migrate` processes started at the same moment apply
//! every migration exactly once, and a runner that cannot get the lock in time says who holds
//! it.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{keel_bin, Engine, Project, Run};
use keel_migrate::LOCK_KEY;

/// A statement that keeps the database busy for about `seconds`.
fn slow_statement(engine: Engine, seconds: f64) -> String {
    match engine {
        Engine::Postgres => format!("SELECT pg_sleep({seconds})"),
        Engine::Mysql => format!("SELECT SLEEP({seconds})"),
        // About 0.1–0.3 s per million rows, depending on how busy the machine is.
        Engine::Sqlite => format!(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {}) SELECT count(*) FROM c",
            (seconds * 3_000_000.0) as u64
        ),
    }
}

/// `count` slow migrations; the first creates `runs`, and each records itself in it.
fn slow_migrations(p: &Project, count: usize, seconds: f64) -> Vec<String> {
    let slow = slow_statement(p.db.engine(), seconds);
    let mut ids = Vec::new();
    for n in 1..=count {
        let id = format!("{n:04}");
        let (create, down) = if n == 1 {
            (
                "CREATE TABLE runs (migration VARCHAR(10) NOT NULL);\n",
                "DROP TABLE runs;\n".to_string(),
            )
        } else {
            ("", format!("DELETE FROM runs WHERE migration = '{id}';\n"))
        };
        let up = format!("{create}INSERT INTO runs (migration) VALUES ('{id}');\n{slow};\n");
        p.migration(&format!("{id}_step_{n}"), &up, &down);
        ids.push(id);
    }
    ids
}

/// Starts `keel ARGS --database URL --format json` in the project without waiting for it.
fn spawn_keel(p: &Project, args: &[&str]) -> Child {
    Command::new(keel_bin())
        .args(args)
        .args(["--database", p.db.url(), "--format", "json"])
        .current_dir(&p.root)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start keel")
}

fn finish(child: Child) -> Run {
    let out = child.wait_with_output().expect("wait for keel");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ids(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Every migration ran exactly once: one history row each, one `runs` row each.
#[track_caller]
fn assert_applied_once(p: &Project, expected: &[String]) {
    let history = p.history();
    let recorded: Vec<&str> = history.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(recorded, expected, "history: {history:?}");
    assert!(
        history
            .iter()
            .all(|(_, batch, state)| *batch == 1 && state == "applied"),
        "one runner applies everything as batch 1: {history:?}"
    );
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM runs"),
        expected.len() as i64,
        "each migration's INSERT ran once"
    );
    assert_eq!(
        p.db.scalar("SELECT count(DISTINCT migration) FROM runs"),
        expected.len() as i64
    );
}

/// Waits until some runner holds keel's lock on the project's database.
fn wait_until_locked(p: &Project, runner: &mut Child) {
    let started = Instant::now();
    let mut conn = p.db.connect();
    loop {
        match conn.acquire_lock(LOCK_KEY, Duration::ZERO) {
            Err(keel_driver::DriverError::LockTimeout { .. }) => return,
            Err(e) => panic!("probing the lock failed: {e}"),
            // The runner may be reading (its pre-migrate backup) while the probe commits;
            // SQLite then answers "database is locked" for a moment.
            Ok(()) => {
                let mut tries = 0;
                let mut result = conn.release_lock(LOCK_KEY);
                while let Err(e) = result {
                    tries += 1;
                    assert!(tries < 250, "release the probe: {e:?}");
                    std::thread::sleep(Duration::from_millis(20));
                    result = match conn.execute("COMMIT") {
                        Err(e) if e.to_string().contains("no transaction is active") => Ok(()),
                        other => other.map(drop),
                    };
                }
            }
        }
        if let Some(status) = runner.try_wait().expect("runner status") {
            panic!("the first runner ended ({status}) before it was seen holding the lock");
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the first runner never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn two_runners_started_together_apply_each_migration_once(engine: Engine) {
    for round in 1..=3 {
        let p = Project::new(engine);
        let expected = slow_migrations(&p, 5, 0.3);

        // Both processes are started before either is waited on.
        let first = spawn_keel(&p, &["migrate", "--lock-timeout", "30"]);
        let second = spawn_keel(&p, &["migrate", "--lock-timeout", "30"]);
        let runs = [finish(first), finish(second)];

        let mut winners = 0;
        for run in &runs {
            match run.code {
                0 => {
                    let report = run.json();
                    let applied = ids(&report["applied"]);
                    if applied.is_empty() {
                        assert!(report["batch"].is_null(), "round {round}: {report}");
                    } else {
                        assert_eq!(applied, expected, "round {round}: {report}");
                        assert_eq!(report["batch"], 1, "round {round}: {report}");
                        winners += 1;
                    }
                }
                2 => {
                    let report = run.json();
                    let error = report["error"].as_str().unwrap_or_default();
                    assert!(
                        error.contains("migration lock") && error.contains("--lock-timeout"),
                        "round {round}: a runner that gave up must name the lock: {run:?}"
                    );
                }
                _ => panic!("round {round}: unexpected exit: {run:?}"),
            }
        }
        assert_eq!(
            winners, 1,
            "round {round}: exactly one runner applies: {runs:?}"
        );
        assert_applied_once(&p, &expected);
        // The database is clean afterwards: nothing pending, nothing failed.
        p.keel(&["status"]).expect_code(0);
        assert!(p.keel_json(&["migrate"], 0)["applied"] == serde_json::json!([]));
    }
}

fn runner_that_cannot_get_the_lock_in_time_names_it_and_its_holder(engine: Engine) {
    let p = Project::new(engine);
    let expected = slow_migrations(&p, 6, 0.5);
    let mut first = spawn_keel(&p, &["migrate", "--lock-timeout", "30"]);
    wait_until_locked(&p, &mut first);

    let started = Instant::now();
    let second = p.keel(&["migrate", "--lock-timeout", "1"]);
    let waited = started.elapsed();
    second.expect_code(2);
    assert!(
        waited >= Duration::from_millis(900),
        "the second runner waited {waited:?}, not the --lock-timeout of 1 s"
    );
    assert!(
        second
            .stderr
            .contains("timed out after 1s waiting for the migration lock"),
        "{}",
        second.stderr
    );
    assert!(
        second.stderr.contains("--lock-timeout"),
        "{}",
        second.stderr
    );

    let holder = |prefix: &str| -> i64 {
        let rest = second
            .stderr
            .split_once(prefix)
            .unwrap_or_else(|| panic!("no {prefix:?} in:\n{}", second.stderr))
            .1;
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number after {prefix:?} in:\n{}", second.stderr))
    };
    match engine {
        Engine::Postgres => {
            // The named backend really holds an advisory lock (the first runner still works).
            let pid = holder("held by PostgreSQL backend pid ");
            assert_eq!(
                p.db.scalar(&format!(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = {pid}"
                )),
                1,
                "{}",
                second.stderr
            );
        }
        Engine::Mysql => {
            let id = holder("held by MySQL connection ");
            let lock = format!("{LOCK_KEY}:{}", p.db.name());
            assert_eq!(
                p.db.scalar(&format!("SELECT IS_USED_LOCK('{lock}')")),
                id,
                "{}",
                second.stderr
            );
            assert!(second.stderr.contains(&lock), "{}", second.stderr);
        }
        Engine::Sqlite => {
            assert!(
                second.stderr.contains("held by another process writing to"),
                "{}",
                second.stderr
            );
        }
    }

    let first = finish(first);
    first.expect_code(0);
    assert_eq!(ids(&first.json()["applied"]), expected);
    assert_applied_once(&p, &expected);
}

keel_testkit::engine_tests!(
    two_runners_started_together_apply_each_migration_once,
    runner_that_cannot_get_the_lock_in_time_names_it_and_its_holder,
);
