//! Scratch databases for `keel verify --against migrations`: a scratch database that cannot be
//! created is a clear exit 2 that changes nothing, and a scratch database that was created is
//! dropped on every path — a failing migration and Ctrl-C included.

mod common;

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{keel_bin, Engine, Project, Run};

/// Two migrations that leave a small schema behind, enough for a replay to be real work.
fn blog(p: &Project) {
    p.migration(
        "0001_create_users",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n\
         CREATE INDEX users_email ON users (email);\n",
        "DROP TABLE users;\n",
    );
    p.migration(
        "0002_create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title VARCHAR(200));\n",
        "DROP TABLE posts;\n",
    );
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

/// Whether a database named `name` (for SQLite: the file at `name`) exists on `engine`'s
/// server.
fn scratch_exists(engine: Engine, name: &str) -> bool {
    match engine {
        Engine::Sqlite => Path::new(name).exists(),
        Engine::Postgres => {
            admin_count(
                engine,
                &format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'"),
            ) > 0
        }
        Engine::Mysql => {
            admin_count(
                engine,
                &format!(
                    "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{name}'"
                ),
            ) > 0
        }
    }
}

/// How many scratch databases the keel process `pid` left behind (they are named
/// `keel_scratch_<pid>_…`).
fn scratch_left_by(engine: Engine, pid: u32, tmpdir: &Path) -> usize {
    let prefix = format!("keel_scratch_{pid}_");
    match engine {
        Engine::Sqlite => std::fs::read_dir(tmpdir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .count()
            })
            .unwrap_or(0),
        Engine::Postgres => admin_count(
            engine,
            &format!("SELECT count(*) FROM pg_database WHERE datname LIKE '{prefix}%'"),
        ) as usize,
        Engine::Mysql => admin_count(
            engine,
            &format!(
                "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{prefix}%'"
            ),
        ) as usize,
    }
}

fn admin_count(engine: Engine, sql: &str) -> i64 {
    let rows = keel_testkit::connect(&engine.admin_url().unwrap())
        .query(sql, &[])
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    rows[0][0].as_i64().unwrap()
}

/// The scratch database named in keel's `-v` line `replaying N migrations into scratch
/// database URL`: a database name, or for SQLite a file path.
fn scratch_name(engine: Engine, line: &str) -> String {
    let url = line.rsplit(' ').next().unwrap().trim();
    match engine {
        Engine::Sqlite => url.trim_start_matches("sqlite://").to_string(),
        _ => url
            .rsplit('/')
            .next()
            .unwrap()
            .split('?')
            .next()
            .unwrap()
            .to_string(),
    }
}

/// Starts keel in the project with `args --database URL`, stderr piped, and extra `env`.
fn spawn_keel(url: &str, root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Child {
    let mut cmd = Command::new(keel_bin());
    cmd.args(args)
        .args(["--database", url])
        .current_dir(root)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.spawn().expect("start keel")
}

/// Runs keel to the end and returns its process id with the run.
fn run_keel(url: &str, root: &Path, args: &[&str], env: &[(&str, &Path)]) -> (u32, Run) {
    let child = spawn_keel(url, root, args, env);
    let pid = child.id();
    let out = child.wait_with_output().expect("wait for keel");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (pid, run)
}

/// A login that may use the test database but may not create databases. Dropped with the
/// test.
struct Unprivileged {
    engine: Engine,
    name: String,
    /// The test database's URL with this login's credentials.
    url: String,
    /// The test database's URL with the admin's credentials.
    admin_db_url: String,
}

impl Unprivileged {
    fn new(p: &Project) -> Self {
        let engine = p.db.engine();
        let name = format!("keel_nocreate_{}", std::process::id());
        let password = "keel-scratch-test";
        let db = p.db.name();
        let admin = engine.admin_url().unwrap();
        let mut conn = keel_testkit::connect(&admin);
        let mut on_db = p.db.connect();
        match engine {
            Engine::Postgres => {
                conn.execute(&format!("DROP ROLE IF EXISTS {name}")).ok();
                conn.execute(&format!(
                    "CREATE ROLE {name} LOGIN NOCREATEDB PASSWORD '{password}'"
                ))
                .unwrap();
                conn.execute(&format!("GRANT CONNECT ON DATABASE \"{db}\" TO {name}"))
                    .unwrap();
                on_db
                    .execute(&format!("GRANT USAGE ON SCHEMA public TO {name}"))
                    .unwrap();
                on_db
                    .execute(&format!(
                        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}"
                    ))
                    .unwrap();
            }
            Engine::Mysql => {
                conn.execute(&format!("DROP USER IF EXISTS '{name}'@'%'"))
                    .ok();
                conn.execute(&format!(
                    "CREATE USER '{name}'@'%' IDENTIFIED BY '{password}'"
                ))
                .unwrap();
                conn.execute(&format!("GRANT ALL ON `{db}`.* TO '{name}'@'%'"))
                    .unwrap();
            }
            Engine::Sqlite => unreachable!("SQLite has no logins"),
        }
        // scheme://admin:secret@host:port/db → scheme://name:password@host:port/db
        let url = p.db.url();
        let (scheme, rest) = url.split_once("://").unwrap();
        let (_, host_and_db) = rest.split_once('@').unwrap();
        let url = format!("{scheme}://{name}:{password}@{host_and_db}");
        Self {
            engine,
            name,
            url,
            admin_db_url: p.db.url().to_string(),
        }
    }
}

impl Drop for Unprivileged {
    fn drop(&mut self) {
        let sql = match self.engine {
            Engine::Postgres => {
                // The role's grants live in the test database: revoke them there first.
                if let Ok(url) = keel_driver::DbUrl::parse(&self.admin_db_url) {
                    let drivers: [&dyn keel_driver::Driver; 1] = [&keel_postgres::PostgresDriver];
                    if let Ok(mut conn) = keel_driver::connect(&drivers, &url) {
                        let _ = conn.execute(&format!("DROP OWNED BY {}", self.name));
                    }
                }
                format!("DROP ROLE IF EXISTS {}", self.name)
            }
            _ => format!("DROP USER IF EXISTS '{}'@'%'", self.name),
        };
        let _ = keel_testkit::connect(&self.engine.admin_url().unwrap()).execute(&sql);
    }
}

/// A directory in which no file can be created. A read-only directory where permissions are
/// enforced; as root (which ignores them) a path below a regular file.
fn unwritable_dir(base: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = base.join("read-only");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::File::create(dir.join("probe")).is_err() {
        return dir;
    }
    std::fs::remove_file(dir.join("probe")).unwrap();
    let file = base.join("not-a-directory");
    std::fs::write(&file, "").unwrap();
    file.join("tmp")
}

fn scratch_that_cannot_be_created_is_exit_2_and_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    let objects = p.db.user_objects();
    let history = p.history();

    let tmpdir = p.db.dir().join("tmp");
    std::fs::create_dir_all(&tmpdir).unwrap();
    let (pid, run, needs) = match engine {
        Engine::Sqlite => {
            // keel creates the scratch file in the temporary directory (TMPDIR).
            let unwritable = unwritable_dir(p.db.dir());
            let (pid, run) = run_keel(
                p.db.url(),
                &p.root,
                &["verify", "--against", "migrations"],
                &[("TMPDIR", &unwritable)],
            );
            assert!(
                run.stderr.contains(&unwritable.display().to_string()),
                "the message names the temporary directory: {}",
                run.stderr
            );
            (pid, run, "TMPDIR")
        }
        Engine::Postgres | Engine::Mysql => {
            let login = Unprivileged::new(&p);
            let (pid, run) = run_keel(
                &login.url,
                &p.root,
                &["verify", "--against", "migrations"],
                &[("TMPDIR", &tmpdir)],
            );
            let needs = if engine == Engine::Postgres {
                "CREATEDB"
            } else {
                "CREATE privilege"
            };
            (pid, run, needs)
        }
    };

    run.expect_code(2);
    assert!(
        run.stderr.contains("scratch database"),
        "the message says what keel could not create: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needs),
        "the message names what is needed ({needs}): {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("keel-scratch-test"),
        "the password is redacted: {}",
        run.stderr
    );
    assert_eq!(scratch_left_by(engine, pid, &tmpdir), 0);
    assert_eq!(p.db.user_objects(), objects, "the schema is unchanged");
    assert_eq!(p.history(), history, "the history is unchanged");
}

/// Starts `keel verify --against migrations -v` and returns it with the scratch database
/// named in its `-v` line, once that database exists. The rest of stderr arrives on the
/// receiver.
fn start_replay(p: &Project) -> (Child, String, mpsc::Receiver<String>) {
    let engine = p.db.engine();
    let mut child = spawn_keel(
        p.db.url(),
        &p.root,
        &["verify", "--against", "migrations", "-v"],
        &[],
    );
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = Vec::new();
    let name = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no scratch database line on stderr: {seen:#?}"));
        if line.contains("into scratch database") {
            break scratch_name(engine, &line);
        }
        seen.push(line);
    };
    while !scratch_exists(engine, &name) {
        assert!(
            Instant::now() < deadline,
            "the scratch database {name} never appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, name, rx)
}

fn ctrl_c_during_replay_drops_the_scratch_database(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.migration("0003_slow", slow_statement(engine), "SELECT 1;\n");
    p.keel(&["migrate"]).expect_code(0);

    let (mut child, scratch, rx) = start_replay(&p);
    // Let the replay get into the slow migration.
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(kill.success());

    let status = child.wait().unwrap();
    let rest: Vec<String> = rx.iter().collect();
    assert_eq!(
        status.code(),
        Some(130),
        "Ctrl-C exits 130; stderr after the -v line: {rest:#?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "keel stops promptly, without finishing the slow migration ({:?})",
        started.elapsed()
    );
    assert!(
        !scratch_exists(engine, &scratch),
        "the scratch database {scratch} was left behind"
    );
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(
        !out.contains("in sync"),
        "an interrupted verify reports nothing: {out}"
    );
}

fn failing_migration_during_replay_drops_the_scratch_database(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.keel(&["migrate"]).expect_code(0);
    // Added after migrate, so only the replay runs it.
    p.migration(
        "0003_broken",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nCREATE TABLE broken (id INTEGER PRIMARY KEY,;\n",
        "DROP TABLE tags;\n",
    );

    let run = p.keel(&["verify", "--against", "migrations", "-v"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("0003_broken"),
        "the failing migration is named: {}",
        run.stderr
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("into scratch database"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let scratch = scratch_name(engine, line);
    assert!(
        !scratch_exists(engine, &scratch),
        "the scratch database {scratch} was left behind"
    );
    assert!(!p.db.has_table("tags"), "the live database is untouched");
}

keel_testkit::engine_tests!(
    scratch_that_cannot_be_created_is_exit_2_and_changes_nothing,
    ctrl_c_during_replay_drops_the_scratch_database,
    failing_migration_during_replay_drops_the_scratch_database,
);
