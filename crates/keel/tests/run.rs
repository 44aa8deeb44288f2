//! `keel run -- CMD…` on every engine (docs/guard.md): another tool's migrate command inside
//! keel's backup + guard + journal. The tool here is each engine's own client (sqlite3, psql,
//! mariadb) dropping `photos.caption`; the password reaches it through the environment.

mod common;

use std::process::{Command, Stdio};

use common::incident::photos_then_the_bad_batch;
use common::{keel_bin, Engine, Project, Run};
use serde_json::Value;

const DROP_CAPTION: &str = "ALTER TABLE photos DROP COLUMN caption";

/// The engine's command-line client running `sql` against the test database, and the
/// environment that carries the password (never an argument).
fn client(p: &Project, sql: &str) -> (Vec<String>, Vec<(&'static str, String)>) {
    match p.db.engine() {
        Engine::Sqlite => (
            vec![
                "sqlite3".into(),
                p.db.sqlite_path().unwrap().display().to_string(),
                sql.into(),
            ],
            vec![],
        ),
        Engine::Postgres => {
            let mut url = url::Url::parse(p.db.url()).unwrap();
            let password = url.password().unwrap_or_default().to_string();
            url.set_password(None).unwrap();
            let psql = std::env::var("KEEL_TEST_PG_BIN")
                .ok()
                .map(|bin| std::path::Path::new(&bin).join("psql"))
                .filter(|p| p.exists())
                .map_or_else(|| "psql".to_string(), |p| p.display().to_string());
            (
                vec![
                    psql,
                    "-X".into(),
                    "-v".into(),
                    "ON_ERROR_STOP=1".into(),
                    "-d".into(),
                    url.to_string(),
                    "-c".into(),
                    sql.into(),
                ],
                vec![("PGPASSWORD", password)],
            )
        }
        Engine::Mysql => {
            let url = url::Url::parse(p.db.url()).unwrap();
            (
                vec![
                    "mariadb".into(),
                    "--protocol=TCP".into(),
                    "-h".into(),
                    url.host_str().unwrap().into(),
                    "-P".into(),
                    url.port().unwrap_or(3306).to_string(),
                    "-u".into(),
                    url.username().into(),
                    p.db.name().into(),
                    "-e".into(),
                    sql.into(),
                ],
                vec![("MYSQL_PWD", url.password().unwrap_or_default().to_string())],
            )
        }
    }
}

/// `keel run [FLAGS] -- CMD…` against the project's database.
fn keel_run(p: &Project, flags: &[&str], command: &[String], env: &[(&str, String)]) -> Run {
    let mut cmd = Command::new(keel_bin());
    cmd.arg("run")
        .args(flags)
        .args(["--database", p.db.url(), "--"])
        .args(command)
        .current_dir(&p.root)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run keel");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn captions(p: &Project) -> i64 {
    p.db.scalar("SELECT count(caption) FROM photos")
}

fn a_client_dropping_a_column_is_caught_and_undone(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let before = p.content();
    let (command, env) = client(&p, DROP_CAPTION);

    let run = keel_run(&p, &["--format", "json"], &command, &env);
    run.expect_code(1);
    let report = run.json();
    assert_eq!(report["data_loss"][0]["table"], "photos", "{report}");
    assert_eq!(report["data_loss"][0]["column"], "caption");
    assert_eq!(report["data_loss"][0]["before"], 2);
    assert_eq!(report["data_loss"][0]["after"], 0);
    assert!(report["restored"].is_string(), "{report}");
    assert_eq!(p.content(), before, "the column and its values are back");

    // The password went through the environment and appears nowhere keel wrote.
    let journal = std::fs::read_to_string(p.root.join(".keel/backups/journal.jsonl")).unwrap();
    assert!(journal.contains("run.started"), "{journal}");
    for (_, secret) in &env {
        assert!(!secret.is_empty());
        assert!(!journal.contains(secret.as_str()));
        assert!(!run.all().contains(secret.as_str()));
    }

    let run = keel_run(&p, &[], &command, &env);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("photos.caption: 2 values → 0 (column dropped)"),
        "{}",
        run.all()
    );
    assert_eq!(captions(&p), 2);
}

fn a_failing_command_passes_its_exit_code_and_output_through(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let before = p.content();
    let command: Vec<String> = [
        "sh",
        "-c",
        "echo migrating-out; echo broken-err >&2; exit 3",
    ]
    .map(String::from)
    .to_vec();
    let run = keel_run(&p, &[], &command, &[]);
    run.expect_code(3);
    assert!(run.stdout.contains("migrating-out"), "{}", run.all());
    assert!(run.stderr.contains("broken-err"), "{}", run.all());
    assert!(run.stderr.contains("keel backup restore"), "{}", run.all());
    assert_eq!(p.content(), before);

    // A client whose SQL fails: its own error message and exit code come through.
    let (command, env) = client(&p, "ALTER TABLE no_such_table DROP COLUMN caption");
    let run = keel_run(&p, &[], &command, &env);
    // sqlite3, psql and mariadb all exit 1 when their SQL fails.
    run.expect_code(1);
    assert!(run.stderr.contains("no_such_table"), "{}", run.all());
    assert_eq!(p.content(), before);
}

fn accept_loss_and_allows_loss_keep_the_result(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let (command, env) = client(&p, DROP_CAPTION);
    let run = keel_run(&p, &["--accept-loss", "--format", "json"], &command, &env);
    run.expect_code(0);
    let report: Value = run.json();
    assert_eq!(report["loss_accepted"], true, "{report}");
    assert_eq!(report["data_loss"][0]["column"], "caption");
    assert!(!p.db.query("SELECT * FROM photos").is_empty());
    assert!(
        p.db.connect()
            .query("SELECT caption FROM photos", &[])
            .is_err(),
        "the column stays dropped"
    );

    let p = photos_then_the_bad_batch(engine);
    let (command, env) = client(&p, DROP_CAPTION);
    let run = keel_run(
        &p,
        &["--allows-loss", "photos.caption", "--format", "json"],
        &command,
        &env,
    );
    run.expect_code(0);
    let report: Value = run.json();
    assert_eq!(report["data_loss"], serde_json::json!([]), "{report}");
    assert_eq!(report["allowed_loss"][0]["column"], "caption", "{report}");
}

fn bad_input_is_exit_2_and_runs_nothing(engine: Engine) {
    let p = photos_then_the_bad_batch(engine);
    let run = keel_run(&p, &[], &[], &[]);
    run.expect_code(2);
    assert!(run.stderr.contains("after `--`"), "{}", run.all());

    let (command, env) = client(&p, DROP_CAPTION);
    let run = keel_run(&p, &["--allows-loss", "photos.nope"], &command, &env);
    run.expect_code(2);
    assert!(run.stderr.contains("nope"), "{}", run.all());
    assert_eq!(captions(&p), 2, "the command did not run");
}

keel_testkit::engine_tests!(
    a_client_dropping_a_column_is_caught_and_undone,
    a_failing_command_passes_its_exit_code_and_output_through,
    accept_loss_and_allows_loss_keep_the_result,
    bad_input_is_exit_2_and_runs_nothing,
);
