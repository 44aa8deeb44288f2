//! Shared helpers for the CLI tests: a project folder bound to a fresh test database, and a
//! way to run the real `keel` binary in it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub use keel_testkit::{Engine, TestDb};

pub mod backup;
pub mod incident;
pub mod kill;
pub mod laravel;
pub mod plan;

/// A project folder (with `migrations/`) and a fresh database.
pub struct Project {
    pub db: TestDb,
    pub root: PathBuf,
}

/// One run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics, showing the output, unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// stdout and stderr together.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

pub fn keel_bin() -> &'static str {
    env!("CARGO_BIN_EXE_keel")
}

impl Project {
    /// Every table's rows (keel's history included), sorted: equal means equal content
    /// whatever the physical order.
    pub fn content(&self) -> Vec<(String, Vec<String>)> {
        self.db
            .tables()
            .into_iter()
            .map(|t| {
                let mut rows: Vec<String> = self
                    .db
                    .query(&format!("SELECT * FROM {t}"))
                    .iter()
                    .map(|r| format!("{r:?}"))
                    .collect();
                rows.sort();
                (t, rows)
            })
            .collect()
    }

    /// `keel snapshot` of the project's database, as text.
    pub fn snapshot_text(&self) -> String {
        let out = self.db.dir().join("snapshot.json");
        self.keel(&["snapshot", "--out", out.to_str().unwrap()])
            .expect_code(0);
        std::fs::read_to_string(out).unwrap()
    }

    pub fn new(engine: Engine) -> Self {
        let db = TestDb::new(engine);
        let root = db.dir().join("project");
        std::fs::create_dir_all(root.join("migrations")).unwrap();
        Self { db, root }
    }

    pub fn migrations_dir(&self) -> PathBuf {
        self.root.join("migrations")
    }

    /// Writes a file relative to the project root.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Writes a keel-layout migration `migrations/<label>.up.sql` / `.down.sql`.
    pub fn migration(&self, label: &str, up: &str, down: &str) {
        self.write(&format!("migrations/{label}.up.sql"), up);
        self.write(&format!("migrations/{label}.down.sql"), down);
    }

    /// Runs `keel ARGS --database URL` in the project root.
    pub fn keel(&self, args: &[&str]) -> Run {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--database", self.db.url()]);
        run_in(&self.root, &full)
    }

    /// Runs keel with `--format json` and exit code `code`, returning the JSON.
    #[track_caller]
    pub fn keel_json(&self, args: &[&str], code: i32) -> serde_json::Value {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--format", "json"]);
        let run = self.keel(&full);
        run.expect_code(code);
        run.json()
    }

    /// `status --format json`, as (id, state) pairs.
    pub fn states(&self) -> Vec<(String, String)> {
        let run = self.keel(&["status", "--format", "json"]);
        assert!(
            run.code == 0 || run.code == 1,
            "status failed: {}",
            run.all()
        );
        run.json()["migrations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["id"].as_str().unwrap().to_string(),
                    m["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// History rows (id, batch, state) straight from the database.
    pub fn history(&self) -> Vec<(String, i64, String)> {
        if !self.db.has_table("keel_migrations") {
            return Vec::new();
        }
        let mut rows: Vec<(String, i64, String)> = self
            .db
            .query("SELECT id, batch, state FROM keel_migrations ORDER BY id")
            .into_iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap().to_string(),
                    r[1].as_i64().unwrap(),
                    r[2].as_str().unwrap().to_string(),
                )
            })
            .collect();
        rows.sort();
        rows
    }
}

/// Runs keel in `dir` with `args`, with no DATABASE_URL inherited.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(keel_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run keel");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
