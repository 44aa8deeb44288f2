//! Backups on PostgreSQL and MariaDB/MySQL, end to end through the real binary against real
//! servers: exact round trips of a nasty schema and data, kills during create and restore,
//! damaged artifacts refused with nothing changed, `export --sql` restored by the engine's
//! own client alone, foreign `pg_dump` / `mariadb-dump` scripts restored all-or-nothing, and
//! no password anywhere keel writes.
//!
//! Kill trials: `KEEL_BACKUP_KILL_TRIALS` (default 5 per test and engine, to keep this file
//! near two minutes), 20 when `KEEL_LONG_TESTS` is set.

#![expect(
    clippy::print_stderr,
    reason = "timings, kill seeds and skip notes belong in test output"
)]

mod common;

use common::kill::KillMoments;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Engine, Project, TestDb};
use keel_driver::Value;

// ---------------------------------------------------------------- helpers

fn trials() -> u64 {
    if std::env::var_os("KEEL_LONG_TESTS").is_some() {
        return 20;
    }
    std::env::var("KEEL_BACKUP_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

fn hash_of(rows: &[String]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    rows.hash(&mut h);
    h.finish()
}

/// Every table's rows as the server prints them, sorted and hashed, plus sequence and
/// AUTO_INCREMENT positions: equal maps mean equal content, whatever the physical order.
fn content_hash(db: &TestDb) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut conn = db.connect();
    match db.engine() {
        Engine::Postgres => {
            let tables = conn
                .query(
                    "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables \
                     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
                    &[],
                )
                .unwrap();
            for t in tables {
                let name = t[0].as_str().unwrap().to_string();
                let rows: Vec<String> = conn
                    .query(&format!("SELECT t::text FROM {name} t"), &[])
                    .unwrap()
                    .into_iter()
                    .map(|r| format!("{:?}", r[0]))
                    .collect();
                let mut rows = rows;
                rows.sort();
                out.insert(name, hash_of(&rows));
            }
            let seqs: Vec<String> = conn
                .query(
                    "SELECT format('%s.%s %s', schemaname, sequencename, coalesce(last_value::text, 'unset')) \
                     FROM pg_sequences ORDER BY 1",
                    &[],
                )
                .unwrap()
                .into_iter()
                .map(|r| r[0].as_str().unwrap().to_string())
                .collect();
            out.insert("(sequences)".into(), hash_of(&seqs));
        }
        Engine::Mysql => {
            let tables = conn
                .query(
                    "SELECT TABLE_NAME, COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES \
                     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
                    &[],
                )
                .unwrap();
            let mut positions = Vec::new();
            for t in tables {
                let name = t[0].as_str().unwrap().to_string();
                positions.push(format!("{name} {:?}", t[1]));
                let mut rows: Vec<String> = conn
                    .query(&format!("SELECT * FROM `{name}`"), &[])
                    .unwrap()
                    .iter()
                    .map(|r| format!("{r:?}"))
                    .collect();
                rows.sort();
                out.insert(name, hash_of(&rows));
            }
            out.insert("(auto_increment)".into(), hash_of(&positions));
        }
        Engine::Sqlite => unreachable!("backup.rs covers SQLite"),
    }
    out
}

/// `keel snapshot` of a database URL, as text.
fn snapshot(p: &Project, url: &str) -> String {
    let out = p.root.join("snap.json");
    common::run_in(
        &p.root,
        &[
            "snapshot",
            "--out",
            out.to_str().unwrap(),
            "--database",
            url,
        ],
    )
    .expect_code(0);
    std::fs::read_to_string(out).unwrap()
}

fn backups_dir(p: &Project) -> PathBuf {
    p.root.join(".keel/backups")
}

fn create(p: &Project) -> String {
    let run = p.keel(&["backup", "create"]);
    run.expect_code(0);
    run.stdout.trim().to_string()
}

fn list(p: &Project) -> Vec<serde_json::Value> {
    p.keel_json(&["backup", "list"], 0)
        .as_array()
        .unwrap()
        .clone()
}

fn exec_all(db: &TestDb, statements: &[&str]) {
    for s in statements {
        db.execute(s);
    }
}

/// Side schemas an interrupted MySQL restore may leave (none on PostgreSQL).
fn side_schemas(db: &TestDb) -> Vec<String> {
    if db.engine() != Engine::Mysql {
        return Vec::new();
    }
    db.query(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA \
         WHERE SCHEMA_NAME LIKE CONCAT('keel\\_r_\\_', LEFT(SHA2(DATABASE(), 256), 12), '\\_%')",
    )
    .into_iter()
    .map(|r| r[0].as_str().unwrap().to_string())
    .collect()
}

/// Waits until the statement a killed keel had sent has finished on the server (MySQL runs
/// it to the end after the client is gone). Queries on the tables wait for the atomic
/// `RENAME TABLE` by themselves; `information_schema`, which the content hash lists tables
/// from, does not take those locks and could otherwise show the rename half done.
fn wait_for_server(db: &TestDb) {
    if db.engine() != Engine::Mysql {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while db.scalar(
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() \
         AND COMMAND <> 'Sleep' AND (DB = DATABASE() \
         OR DB LIKE CONCAT('keel\\_r_\\_', LEFT(SHA2(DATABASE(), 256), 12), '\\_%'))",
    ) > 0
    {
        assert!(
            Instant::now() < deadline,
            "a statement is still running after 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Views, triggers, sequences with advanced positions and options, enums, domains,
/// routines, generated and identity columns, self- and cyclic foreign keys, comments, and
/// values that break naive dumps.
fn nasty_fixture(db: &TestDb) {
    match db.engine() {
        Engine::Postgres => exec_all(db, &[
            "CREATE SCHEMA app",
            "COMMENT ON SCHEMA app IS 'the app''s schema'",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
            "CREATE SEQUENCE app.counter AS bigint INCREMENT BY 7 MINVALUE -100 MAXVALUE 100000 START WITH 3 CACHE 1 CYCLE",
            "SELECT nextval('app.counter'), nextval('app.counter'), nextval('app.counter')",
            "CREATE SEQUENCE untouched",
            "CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := '2000-01-01'; RETURN NEW; END $$",
            "CREATE TABLE users (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY, \
               name text NOT NULL, manager_id bigint REFERENCES users (id), mood mood DEFAULT 'ok', bio text, avatar bytea, \
               score double precision, small real, born timestamptz, day date, span interval, amount numeric(30,10), \
               tags text[], meta jsonb, name_len integer GENERATED ALWAYS AS (length(name)) STORED, qty posint, \
               updated_at timestamptz, \"Mixed Case\" text DEFAULT add_one(1)::text)",
            "COMMENT ON TABLE users IS 'people'",
            "COMMENT ON COLUMN users.bio IS 'free text'",
            "CREATE TABLE app.teams (id serial PRIMARY KEY, lead_id integer, name text UNIQUE)",
            "CREATE TABLE app.members (id integer PRIMARY KEY, team_id integer REFERENCES app.teams (id) DEFERRABLE INITIALLY DEFERRED, \
               user_id bigint REFERENCES users (id) ON DELETE CASCADE, CHECK (id > 0))",
            "ALTER TABLE app.teams ADD CONSTRAINT teams_lead_fk FOREIGN KEY (lead_id) REFERENCES app.members (id)",
            "CREATE TABLE plain_no_pk (a text, b text)",
            "CREATE INDEX users_lower_name ON users (lower(name)) WHERE bio IS NOT NULL",
            "CREATE VIEW user_names AS SELECT id, name FROM users",
            "CREATE VIEW app.team_view AS SELECT t.name, u.name AS lead FROM app.teams t JOIN app.members m ON m.id = t.lead_id JOIN user_names u ON u.id = m.user_id",
            "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()",
            "CREATE PROCEDURE bump() LANGUAGE sql AS $$ UPDATE users SET score = score + 1 $$",
            "CREATE STATISTICS app.users_stats (ndistinct) ON manager_id, mood FROM users",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC",
            "ALTER TABLE app.teams REPLICA IDENTITY FULL",
            "ALTER TABLE users CLUSTER ON users_pkey",
            "GRANT SELECT, INSERT ON users TO PUBLIC",
            "INSERT INTO users (name, bio, avatar, score, small, born, day, span, amount, tags, meta, qty) VALUES \
               ('root', NULL, NULL, 0.1, 'NaN', '2020-06-01 12:00:00.123456+05:30', '1999-12-31', '1 year 2 mons -3 days 04:05:06.789', 12345678901234567890.0123456789, ARRAY['a', NULL, 'q\"uote', ''], '{\"k\": [1, null, \"ü\"]}', 1)",
            "INSERT INTO users (name, manager_id, bio, avatar, score, small, born) VALUES \
               ('ünïcødé 日本語 🚀', 10, '', '\\x00ff7f80', 'NaN', '-0', 'infinity'), \
               ('tabs\tand\nnewlines\r and \\N and \\\\ backslashes', 10, '\\N', '\\x', '-0', 'Infinity', '-infinity'), \
               ('floats', 15, NULL, NULL, 1e308, 1.17549435e-38, '1970-01-01 00:00:00+00'), \
               ('tiny', 15, NULL, NULL, 5e-324, 3.4028235e38, NULL), \
               ('-inf', 15, NULL, NULL, '-Infinity', '-Infinity', NULL)",
            "INSERT INTO users (name, manager_id, bio, avatar) SELECT 'huge', 10, repeat('ab€', 700000), decode(repeat('00ff', 50000), 'hex')",
            "INSERT INTO app.teams (lead_id, name) VALUES (NULL, 'core')",
            "INSERT INTO app.members VALUES (1, 1, 15)",
            "UPDATE app.teams SET lead_id = 1",
            "INSERT INTO plain_no_pk VALUES ('x', NULL), ('x', NULL), ('', '')",
            "CREATE TABLE plain_rows (a text, b text)",
            "SELECT setval('app.teams_id_seq', 41, false)",
        ]),
        Engine::Mysql => exec_all(db, &[
            "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, manager_id INT, \
               bio LONGTEXT, avatar LONGBLOB, score DOUBLE, small FLOAT, born DATETIME(6), ts TIMESTAMP(3) NULL, \
               day DATE, amount DECIMAL(30,10), flags BIT(5), mood ENUM('sad','ok','happy') DEFAULT 'ok', tags SET('a','b','c'), \
               name_len INT AS (CHAR_LENGTH(name)) VIRTUAL, upper_name VARCHAR(200) AS (UPPER(name)) STORED, \
               KEY users_name (name(10)), CONSTRAINT users_manager FOREIGN KEY (manager_id) REFERENCES users (id)) \
               ENGINE=InnoDB COMMENT 'people'",
            "CREATE TABLE teams (id INT PRIMARY KEY, lead_id INT, name VARCHAR(50) UNIQUE)",
            "CREATE TABLE members (id INT PRIMARY KEY, team_id INT, user_id INT, \
               CONSTRAINT members_team FOREIGN KEY (team_id) REFERENCES teams (id), \
               CONSTRAINT members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE)",
            "ALTER TABLE teams ADD CONSTRAINT teams_lead FOREIGN KEY (lead_id) REFERENCES members (id)",
            "CREATE TABLE audit (at VARCHAR(40), what TEXT)",
            "CREATE TABLE plain_rows (a TEXT, b TEXT)",
            "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(10)) AUTO_INCREMENT = 1000",
            "CREATE TABLE latin (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET latin1, b VARBINARY(20))",
            "CREATE VIEW user_names AS SELECT id, name FROM users",
            "CREATE VIEW named_teams AS SELECT t.name, u.name AS lead FROM teams t JOIN members m ON m.id = t.lead_id JOIN user_names u ON u.id = m.user_id",
            "CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW INSERT INTO audit VALUES ('trigger', CONCAT('user ', NEW.name))",
            "CREATE PROCEDURE bump() BEGIN UPDATE users SET score = score + 1; END",
            "CREATE FUNCTION add_one(i INT) RETURNS INT DETERMINISTIC RETURN i + 1",
            "INSERT INTO users (id, name, bio, avatar, score, small, born, ts, day, amount, flags, tags) VALUES \
               (0, 'zero id', NULL, NULL, 0.1, 0.1, '2020-06-01 12:00:00.123456', '2020-06-01 12:00:00.123', '1999-12-31', 12345678901234567890.0123456789, b'10101', 'a,c')",
            "UPDATE users SET id = 0 WHERE name = 'zero id'",
            "INSERT INTO users (name, manager_id, bio, avatar, score, small) VALUES \
               ('ünïcødé 日本語 🚀', 0, '', X'00FF7F80', -0.0, 3.4e38), \
               ('quote''s; \\\\ back\\\\slash \\n \\t \\0 nul', 0, 'line1\\nline2\\r', X'', 1e308, -1.17549435e-38), \
               ('floats', 0, NULL, NULL, 5e-324, 1.0 / 3), \
               ('thirds', 0, NULL, NULL, 1.0e0 / 3, NULL)",
            "INSERT INTO users (name, manager_id, bio, avatar) VALUES ('huge', 0, REPEAT('ab€', 700000), REPEAT(X'00FF', 50000))",
            "INSERT INTO teams VALUES (1, NULL, 'core')",
            "INSERT INTO members VALUES (1, 1, 2)",
            "UPDATE teams SET lead_id = 1",
            "INSERT INTO events (kind) VALUES ('x'), ('y'), ('z')",
            "DELETE FROM events WHERE kind = 'z'",
            "INSERT INTO latin VALUES (1, 'caf\u{e9}', X'00'), (2, '', NULL)",
        ]),
        Engine::Sqlite => unreachable!(),
    }
}

fn damage(db: &TestDb) {
    match db.engine() {
        Engine::Postgres => exec_all(
            db,
            &[
                "DROP VIEW app.team_view",
                "DROP VIEW user_names",
                "DROP TRIGGER users_touch ON users",
                "DELETE FROM plain_no_pk",
                "UPDATE users SET bio = 'overwritten'",
                "SELECT nextval('app.counter')",
                "CREATE TABLE new_things (id integer PRIMARY KEY)",
                "DROP TYPE IF EXISTS nothing",
            ],
        ),
        Engine::Mysql => exec_all(
            db,
            &[
                "DROP VIEW named_teams",
                "DROP TRIGGER users_audit",
                "DROP PROCEDURE bump",
                "DELETE FROM latin",
                "UPDATE users SET bio = 'overwritten'",
                "INSERT INTO events (kind) VALUES ('after')",
                "CREATE TABLE new_things (id INT PRIMARY KEY)",
            ],
        ),
        Engine::Sqlite => unreachable!(),
    }
}

/// A database big enough that `backup create` and `restore` take a noticeable time.
fn big_database(db: &TestDb, rows: u32) {
    match db.engine() {
        Engine::Postgres => exec_all(db, &[
            "CREATE TABLE big (id integer PRIMARY KEY, payload text)",
            "CREATE TABLE marker (v text)",
            "INSERT INTO marker VALUES ('A')",
            "CREATE VIEW marker_view AS SELECT v FROM marker",
            "CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "CREATE TRIGGER marker_keep BEFORE UPDATE ON marker FOR EACH ROW EXECUTE FUNCTION keep()",
            &format!("INSERT INTO big SELECT g, md5(g::text) || repeat(md5(random()::text), 30) FROM generate_series(1, {rows}) g"),
        ]),
        Engine::Mysql => {
            exec_all(db, &[
                "CREATE TABLE big (id INT PRIMARY KEY, payload TEXT)",
                "CREATE TABLE marker (v TEXT)",
                "INSERT INTO marker VALUES ('A')",
                "CREATE VIEW marker_view AS SELECT v FROM marker",
                "CREATE TRIGGER marker_keep BEFORE UPDATE ON marker FOR EACH ROW SET NEW.v = NEW.v",
                "CREATE TABLE seq10 (n INT)",
                "INSERT INTO seq10 VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
            ]);
            db.execute(&format!(
                "INSERT INTO big SELECT a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n + 1, REPEAT(MD5(RAND()), 30) \
                 FROM seq10 a, seq10 b, seq10 c, seq10 d, seq10 e WHERE a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n < {rows}"
            ));
        }
        Engine::Sqlite => unreachable!(),
    }
}

fn change_big(db: &TestDb) {
    exec_all(
        db,
        &[
            "UPDATE marker SET v = 'B'",
            "UPDATE big SET payload = 'changed' WHERE id % 2 = 0",
            "DELETE FROM big WHERE id > 5000",
        ],
    );
}

fn flip_byte(path: &Path, at: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    let i = (at as usize).min(bytes.len() - 1);
    bytes[i] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

fn server_engines() -> Vec<Engine> {
    [Engine::Postgres, Engine::Mysql]
        .into_iter()
        .filter(|e| e.available())
        .collect()
}

/// Runs the engine's own client on `script` against `url`.
fn run_client(engine: Engine, url: &str, script: &Path) {
    let parsed = url::Url::parse(url).unwrap();
    let status = match engine {
        Engine::Postgres => {
            let bin = std::env::var("KEEL_TEST_PG_BIN")
                .map(|d| Path::new(&d).join("psql"))
                .unwrap_or_else(|_| PathBuf::from("psql"));
            Command::new(bin)
                .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"])
                .arg(script)
                .arg(url)
                .stdout(Stdio::null())
                .status()
                .expect("psql")
        }
        _ => Command::new("mariadb")
            .args(mariadb_args(&parsed))
            .stdin(std::fs::File::open(script).unwrap())
            .status()
            .expect("the mariadb client"),
    };
    assert!(
        status.success(),
        "the client failed on {}",
        script.display()
    );
}

fn mariadb_args(u: &url::Url) -> Vec<String> {
    vec![
        format!("--host={}", u.host_str().unwrap()),
        format!("--port={}", u.port().unwrap_or(3306)),
        format!("--user={}", u.username()),
        format!("--password={}", u.password().unwrap_or("")),
        "--protocol=TCP".into(),
        u.path().trim_start_matches('/').to_string(),
    ]
}

// ---------------------------------------------------------------- round trip

#[test]
fn restore_gives_back_the_exact_schema_and_content_on_every_server() {
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let schema_before = snapshot(&p, p.db.url());
        let content_before = content_hash(&p.db);
        let id = create(&p);
        p.keel(&["backup", "verify", &id]).expect_code(0);

        damage(&p.db);
        assert_ne!(content_hash(&p.db), content_before, "{engine:?}");

        let run = p.keel(&["backup", "restore", &id, "--yes"]);
        run.expect_code(0);
        assert!(run.stdout.contains("pre-restore"), "{}", run.stdout);
        assert_eq!(snapshot(&p, p.db.url()), schema_before, "{engine:?} schema");
        assert_eq!(content_hash(&p.db), content_before, "{engine:?} content");
        assert!(!p.db.has_table("new_things"));
        assert!(side_schemas(&p.db).is_empty(), "{:?}", side_schemas(&p.db));

        // The restored database still works as one: triggers fire, routines run.
        match engine {
            Engine::Postgres => {
                p.db.execute("CALL bump()");
                p.db.execute("UPDATE users SET bio = 'x' WHERE name = 'root'");
                assert_eq!(
                    p.db.query("SELECT updated_at::text FROM users WHERE name = 'root'")[0][0]
                        .as_str(),
                    Some("2000-01-01 00:00:00+00")
                );
                assert_eq!(p.db.scalar("SELECT nextval('users_id_seq')"), 45);
                // What the schema model does not see comes back too.
                assert_eq!(
                    p.db.scalar("SELECT count(*) FROM pg_class WHERE relname = 'teams' AND relreplident = 'f'"),
                    1
                );
                assert_eq!(
                    p.db.scalar("SELECT count(*) FROM pg_index WHERE indisclustered AND indexrelid = 'users_pkey'::regclass"),
                    1
                );
                assert_eq!(
                    p.db.scalar(
                        "SELECT count(*) FROM pg_statistic_ext WHERE stxname = 'users_stats'"
                    ),
                    1
                );
                assert_eq!(
                    p.db.scalar("SELECT count(*) FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace WHERE n.nspname = 'app'"),
                    1
                );
                assert!(p.db.scalar("SELECT count(*) FROM information_schema.role_table_grants WHERE table_name = 'users' AND grantee = 'PUBLIC'") == 2);
            }
            _ => {
                p.db.execute("CALL bump()");
                p.db.execute("INSERT INTO users (name) VALUES ('after')");
                assert_eq!(
                    p.db.scalar("SELECT COUNT(*) FROM audit WHERE what = 'user after'"),
                    1
                );
                assert_eq!(p.db.scalar("SELECT add_one(1)"), 2);
            }
        }

        // The safety backup holds the damaged state, and restoring it undoes the restore.
        let safety = list(&p)
            .into_iter()
            .find(|e| e["reason"] == "pre-restore")
            .expect("a pre-restore safety backup");
        p.keel(&["backup", "restore", safety["id"].as_str().unwrap(), "--yes"])
            .expect_code(0);
        assert!(p.db.has_table("new_things"));
    }
}

#[test]
fn export_sql_restores_with_the_engines_own_client_alone() {
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let schema_before = snapshot(&p, p.db.url());
        let content_before = content_hash(&p.db);
        let id = create(&p);
        let dump = p.root.join("dump.sql");
        p.keel(&[
            "backup",
            "export",
            &id,
            "--sql",
            "--out",
            dump.to_str().unwrap(),
        ])
        .expect_code(0);
        let fresh = TestDb::new(engine);
        run_client(engine, fresh.url(), &dump);
        assert_eq!(
            snapshot(&p, fresh.url()),
            schema_before,
            "{engine:?} schema"
        );
        assert_eq!(content_hash(&fresh), content_before, "{engine:?} content");
    }
}

// ---------------------------------------------------------------- interruption

#[test]
fn a_kill_during_create_never_leaves_a_backup_that_list_or_verify_accepts() {
    for engine in server_engines() {
        let p = Project::new(engine);
        big_database(&p.db, 20_000);
        let started = Instant::now();
        create(&p);
        let full = started.elapsed();
        eprintln!("{engine:?}: one backup create takes {full:?}");
        let mut rng = KillMoments::new();
        for _ in 0..trials() {
            let mut child = p.spawn_keel(&["backup", "create"]);
            std::thread::sleep(Duration::from_micros(
                rng.below(full.as_micros() as u64 * 12 / 10),
            ));
            let _ = child.kill();
            let _ = child.wait();
            for entry in list(&p) {
                let id = entry["id"].as_str().unwrap();
                let verify = p.keel(&["backup", "verify", id]);
                match entry["kind"].as_str().unwrap() {
                    "keel" => verify.expect_code(0),
                    "incomplete" => verify.expect_code(1),
                    other => panic!("unexpected {other} entry {entry}"),
                };
            }
        }
    }
}

#[test]
fn a_kill_during_restore_leaves_exactly_the_old_or_exactly_the_backed_up_database() {
    for engine in server_engines() {
        let p = Project::new(engine);
        big_database(&p.db, 20_000);
        let backed_up = content_hash(&p.db);
        let schema = snapshot(&p, p.db.url());
        let id = create(&p);
        change_big(&p.db);
        let old = content_hash(&p.db);
        assert_ne!(old, backed_up);
        let started = Instant::now();
        p.keel(&["backup", "restore", &id, "--yes"]).expect_code(0);
        let full = started.elapsed();
        eprintln!("{engine:?}: one restore takes {full:?}");
        assert_eq!(content_hash(&p.db), backed_up);

        let mut rng = KillMoments::new();
        let mut outcomes = (0, 0);
        for _ in 0..trials() {
            change_big(&p.db);
            let before = content_hash(&p.db);
            let mut child = p.spawn_keel(&["backup", "restore", &id, "--yes"]);
            // From a third of the way in (verification and the safety backup come first)
            // to past the end, so kills land during the replacement itself too.
            let span = full.as_micros() as u64;
            std::thread::sleep(Duration::from_micros(span / 3 + rng.below(span)));
            let _ = child.kill();
            let _ = child.wait();
            wait_for_server(&p.db);
            let after = content_hash(&p.db);
            if after == before {
                outcomes.0 += 1;
            } else {
                assert_eq!(
                    after, backed_up,
                    "{engine:?}: neither the old database nor the backup"
                );
                outcomes.1 += 1;
            }
            // The next keel run finishes or removes whatever the kill left behind.
            create(&p);
            assert!(side_schemas(&p.db).is_empty(), "{:?}", side_schemas(&p.db));
            let settled = content_hash(&p.db);
            assert!(
                settled == before || settled == backed_up,
                "{engine:?}: recovery changed the data"
            );
            assert_eq!(
                snapshot(&p, p.db.url()),
                schema,
                "{engine:?}: after recovery"
            );
        }
        eprintln!(
            "{engine:?}: kills left the old database {} times, the backup {} times",
            outcomes.0, outcomes.1
        );
    }
}

// ---------------------------------------------------------------- corruption

#[test]
fn damaged_backups_are_named_by_verify_and_refused_by_restore_with_nothing_changed() {
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let flipped = create(&p);
        let truncated = create(&p);
        p.db.execute("INSERT INTO plain_rows VALUES ('later', 'not in any backup')");
        let artifact = |id: &str| backups_dir(&p).join(format!("{id}.keelbak"));
        let len = std::fs::metadata(artifact(&flipped)).unwrap().len();
        flip_byte(&artifact(&flipped), len / 2);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(artifact(&truncated))
            .unwrap();
        file.set_len(len / 3).unwrap();
        for (id, needle) in [(&flipped, "SHA-256"), (&truncated, "truncated")] {
            let before = content_hash(&p.db);
            let verify = p.keel(&["backup", "verify", id]);
            verify.expect_code(1);
            assert!(verify.all().contains(needle), "{}", verify.all());
            let restore = p.keel(&["backup", "restore", id, "--yes"]);
            restore.expect_code(1);
            assert!(restore.all().contains("not changed"), "{}", restore.all());
            assert_eq!(
                content_hash(&p.db),
                before,
                "{engine:?}: a refused restore changed the data"
            );
        }
    }
}

// ---------------------------------------------------------------- foreign dumps

#[test]
fn plain_pg_dump_and_mariadb_dump_scripts_restore_all_or_nothing() {
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let schema_before = snapshot(&p, p.db.url());
        let content_before = content_hash(&p.db);
        std::fs::create_dir_all(backups_dir(&p)).unwrap();
        let dump = backups_dir(&p).join("nightly.sql");
        let out = match engine {
            Engine::Postgres => {
                let bin = std::env::var("KEEL_TEST_PG_BIN")
                    .map(|d| Path::new(&d).join("pg_dump"))
                    .unwrap_or_else(|_| PathBuf::from("pg_dump"));
                Command::new(bin).arg(p.db.url()).output().expect("pg_dump")
            }
            _ => Command::new("mariadb-dump")
                .args(["--single-transaction", "--routines", "--triggers"])
                .args(mariadb_args(&url::Url::parse(p.db.url()).unwrap()))
                .output()
                .expect("mariadb-dump"),
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&dump, &out.stdout).unwrap();
        let gz = backups_dir(&p).join("nightly-gz.sql.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).unwrap(),
            flate2::Compression::fast(),
        );
        std::io::Write::write_all(&mut enc, &out.stdout).unwrap();
        enc.finish().unwrap();
        let kinds: Vec<(String, String)> = list(&p)
            .iter()
            .map(|e| {
                (
                    e["id"].as_str().unwrap().into(),
                    e["kind"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert!(
            kinds.contains(&("nightly.sql".into(), "foreign".into())),
            "{kinds:?}"
        );

        for file in ["nightly.sql", "nightly-gz.sql.gz"] {
            damage(&p.db);
            p.keel(&["backup", "restore", file, "--yes"]).expect_code(0);
            assert_eq!(content_hash(&p.db), content_before, "{engine:?} {file}");
            assert_eq!(
                snapshot(&p, p.db.url()),
                schema_before,
                "{engine:?} {file} schema"
            );
            assert!(side_schemas(&p.db).is_empty());
        }

        // A dump that fails halfway changes nothing.
        let broken = backups_dir(&p).join("broken.sql");
        let mut text = out.stdout.clone();
        text.extend_from_slice(b"\nTHIS IS NOT SQL;\n");
        std::fs::write(&broken, text).unwrap();
        damage(&p.db);
        let before = content_hash(&p.db);
        let run = p.keel(&["backup", "restore", "broken.sql", "--yes"]);
        run.expect_code(2);
        assert!(
            run.all().contains("nothing was changed") || run.all().contains("not changed"),
            "{}",
            run.all()
        );
        assert_eq!(
            content_hash(&p.db),
            before,
            "{engine:?}: a failed dump changed the data"
        );
        assert!(side_schemas(&p.db).is_empty());
        let safety = list(&p)
            .into_iter()
            .filter(|e| e["reason"] == "pre-restore")
            .count();
        assert_eq!(safety, 3, "each restore takes a safety backup first");
    }
}

// ---------------------------------------------------------------- secrets

#[test]
fn no_password_in_manifests_output_or_file_names() {
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let password = url::Url::parse(p.db.url())
            .unwrap()
            .password()
            .map(str::to_string)
            .expect("the test servers use a password");
        let created = p.keel(&["backup", "create"]);
        created.expect_code(0);
        let id = created.stdout.trim().to_string();
        let listed = p.keel(&["backup", "list", "--format", "json"]);
        let verified = p.keel(&["backup", "verify", &id]);
        let restored = p.keel(&["backup", "restore", &id, "--yes"]);
        restored.expect_code(0);
        let mut texts = vec![created.all(), listed.all(), verified.all(), restored.all()];
        for entry in std::fs::read_dir(backups_dir(&p)).unwrap() {
            let path = entry.unwrap().path();
            texts.push(path.file_name().unwrap().to_string_lossy().into_owned());
            if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonl")
            {
                texts.push(std::fs::read_to_string(&path).unwrap());
            }
        }
        for t in &texts {
            assert!(
                !t.contains(&password),
                "{engine:?}: the password leaked into {t}"
            );
        }
    }
}

#[test]
fn values_the_server_can_hold_survive_exactly() {
    // A spot check independent of the content hash: a few values read back verbatim.
    for engine in server_engines() {
        let p = Project::new(engine);
        nasty_fixture(&p.db);
        let id = create(&p);
        damage(&p.db);
        p.keel(&["backup", "restore", &id, "--yes"]).expect_code(0);
        match engine {
            Engine::Postgres => {
                let r = p.db.query(
                    "SELECT score::text, small::text, born::text FROM users WHERE name LIKE 'tabs%'",
                );
                assert_eq!(
                    r[0],
                    vec![
                        Value::Text("-0".into()),
                        Value::Text("Infinity".into()),
                        Value::Text("-infinity".into())
                    ]
                );
                assert_eq!(
                    p.db.query("SELECT bio FROM users WHERE name LIKE 'tabs%'")[0][0],
                    Value::Text("\\N".into())
                );
            }
            _ => {
                assert_eq!(p.db.scalar("SELECT COUNT(*) FROM users WHERE id = 0"), 1);
                assert_eq!(
                    p.db.query("SELECT HEX(avatar) FROM users WHERE name LIKE 'ünï%'")[0][0],
                    Value::Text("00FF7F80".into())
                );
            }
        }
    }
}

#[test]
fn the_next_run_finishes_or_removes_what_a_killed_mysql_restore_left() {
    if !Engine::Mysql.available() {
        return;
    }
    let p = Project::new(Engine::Mysql);
    exec_all(
        &p.db,
        &[
            "CREATE TABLE kept (id INT PRIMARY KEY)",
            "INSERT INTO kept VALUES (1)",
        ],
    );
    let h = p.db.query("SELECT LEFT(SHA2(DATABASE(), 256), 12)")[0][0]
        .as_str()
        .unwrap()
        .to_string();
    // Killed while loading: a side schema without a marker is dropped, nothing else changes.
    let loading = format!("keel_rs_{h}_1");
    p.db.execute(&format!("CREATE DATABASE `{loading}`"));
    p.db.execute(&format!(
        "CREATE TABLE `{loading}`.kept (id INT PRIMARY KEY)"
    ));
    // Killed after the swap: the old tables wait in keel_ro_…, the plan is half done.
    let swapped = format!("keel_rs_{h}_2");
    let old = format!("keel_ro_{h}_2");
    for stmt in [
        format!("CREATE DATABASE `{swapped}`"),
        format!("CREATE DATABASE `{old}`"),
        format!("CREATE TABLE `{old}`.previous (id INT)"),
        format!("CREATE TABLE `{swapped}`.__keel_restore_swapped (x INT)"),
        format!("CREATE TABLE `{swapped}`.__keel_restore_plan (seq INT PRIMARY KEY, stmt LONGTEXT NOT NULL)"),
        format!(
            "INSERT INTO `{swapped}`.__keel_restore_plan VALUES (0, 'CREATE VIEW recovered AS SELECT id FROM kept')"
        ),
    ] {
        p.db.execute(&stmt);
    }
    assert_eq!(side_schemas(&p.db).len(), 3);
    let content = content_hash(&p.db);

    create(&p);
    assert!(side_schemas(&p.db).is_empty(), "{:?}", side_schemas(&p.db));
    assert!(
        p.db.has_table("recovered"),
        "the interrupted swap was finished"
    );
    assert_eq!(p.db.scalar("SELECT COUNT(*) FROM recovered"), 1);
    assert_eq!(content_hash(&p.db), content);
}

#[test]
fn what_cannot_be_backed_up_exactly_is_refused_by_name_and_nothing_is_written() {
    if !Engine::Postgres.available() {
        return;
    }
    let p = Project::new(Engine::Postgres);
    exec_all(
        &p.db,
        &[
            "CREATE TABLE measurements (at date NOT NULL, v int)",
            "CREATE RULE keep_forever AS ON DELETE TO measurements DO INSTEAD NOTHING",
        ],
    );
    let run = p.keel(&["backup", "create"]);
    run.expect_code(2);
    assert!(run.stderr.contains("rewrite rules"), "{}", run.stderr);
    assert!(run.stderr.contains("keep_forever"), "{}", run.stderr);
    // One sentence saying what was refused and what to do instead, not two glued together.
    assert!(
        run.stderr.contains("take this one with pg_dump instead")
            && run.stderr.contains("--no-backup"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not available"), "{}", run.stderr);
    assert!(list(&p).is_empty(), "nothing is left behind");
}

/// Range partitions with a default, a default partition partitioned again by list, keys and
/// indexes on the parent (attached on every partition), a check, a foreign key from and to
/// the tree, a row trigger on the parent, and a table inheriting from another.
fn partitioned_fixture(db: &TestDb) {
    exec_all(db, &[
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO accounts VALUES (1, 'a'), (2, 'b')",
        "CREATE TABLE views (id bigint GENERATED ALWAYS AS IDENTITY, account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, \
           kind text NOT NULL DEFAULT 'page', at timestamptz NOT NULL DEFAULT now(), n int CHECK (n >= 0), \
           PRIMARY KEY (id, at, kind)) PARTITION BY RANGE (at)",
        "CREATE TABLE views_2025 PARTITION OF views FOR VALUES FROM ('2025-01-01 00:00+00') TO ('2026-01-01 00:00+00')",
        "CREATE TABLE views_rest PARTITION OF views DEFAULT PARTITION BY LIST (kind)",
        "CREATE TABLE views_rest_page PARTITION OF views_rest FOR VALUES IN ('page')",
        "CREATE TABLE views_rest_other PARTITION OF views_rest DEFAULT",
        // A partition made on its own (its own column order) and attached later.
        "CREATE TABLE views_2024 (n int CONSTRAINT views_n_check CHECK (n >= 0), at timestamptz NOT NULL, kind text NOT NULL DEFAULT 'old', account_id bigint NOT NULL, id bigint NOT NULL)",
        "ALTER TABLE views ATTACH PARTITION views_2024 FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2025-01-01 00:00+00')",
        "CREATE INDEX views_account_idx ON views (account_id, at)",
        "CREATE UNIQUE INDEX views_2025_n_idx ON views_2025 (n)",
        "CREATE TABLE view_notes (view_id bigint, at timestamptz, kind text, note text, \
           FOREIGN KEY (view_id, at, kind) REFERENCES views (id, at, kind))",
        "CREATE FUNCTION views_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := coalesce(NEW.n, 0) + 1; RETURN NEW; END $$",
        "CREATE TRIGGER views_touch BEFORE INSERT ON views FOR EACH ROW EXECUTE FUNCTION views_touch()",
        "INSERT INTO views (account_id, kind, at, n) VALUES \
           (1, 'page', '2025-03-01 10:00+00', 1), (2, 'page', '2024-06-01 00:00+00', NULL), \
           (1, 'page', '2030-01-01 00:00+00', 5), (2, 'click', '2031-01-01 00:00+00', 7)",
        "INSERT INTO view_notes SELECT id, at, kind, 'note ' || id FROM views",
        "CREATE TABLE cities (name text PRIMARY KEY, population int CHECK (population >= 0))",
        "CREATE TABLE capitals (state text NOT NULL, population int DEFAULT 1) INHERITS (cities)",
        "INSERT INTO cities VALUES ('Lyon', 500000)",
        "INSERT INTO capitals VALUES ('Paris', 2100000, 'IDF')",
    ]);
}

#[test]
fn partitioned_and_inherited_tables_round_trip_exactly_on_postgres() {
    if !Engine::Postgres.available() {
        return;
    }
    let p = Project::new(Engine::Postgres);
    partitioned_fixture(&p.db);
    let schema_before = snapshot(&p, p.db.url());
    let content_before = content_hash(&p.db);
    let indexes = "SELECT string_agg(c.relname || ':' || pg_get_indexdef(c.oid) || ':' || i.indisvalid || ':' || \
        coalesce((SELECT h.inhparent::regclass::text FROM pg_inherits h WHERE h.inhrelid = c.oid), '-'), E'\\n' ORDER BY c.relname) \
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'";
    let tree = "SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-') || ':' || \
        coalesce((SELECT string_agg(h.inhparent::regclass::text, ',') FROM pg_inherits h WHERE h.inhrelid = c.oid), '-') || ':' || \
        (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), \
        E'\\n' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')";
    let constraints = "SELECT string_agg(conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid) || ':' || conislocal::text || coninhcount::text, \
        E'\\n' ORDER BY conrelid::regclass::text, conname) FROM pg_constraint WHERE connamespace = 'public'::regnamespace";
    let catalog = |db: &TestDb| -> Vec<String> {
        [indexes, tree, constraints]
            .iter()
            .map(|q| db.query(q)[0][0].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let catalog_before = catalog(&p.db);
    let id = create(&p);
    p.keel(&["backup", "verify", &id]).expect_code(0);

    exec_all(
        &p.db,
        &[
            "DELETE FROM view_notes",
            "DELETE FROM views WHERE kind = 'click'",
            "DROP TABLE capitals",
        ],
    );
    assert_ne!(content_hash(&p.db), content_before);

    p.keel(&["backup", "restore", &id, "--yes"]).expect_code(0);
    assert_eq!(snapshot(&p, p.db.url()), schema_before, "schema");
    assert_eq!(content_hash(&p.db), content_before, "content");
    assert_eq!(
        catalog(&p.db),
        catalog_before,
        "partitions, attached indexes, constraints"
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM views_rest_other"), 1);
    assert_eq!(p.db.scalar("SELECT count(*) FROM ONLY cities"), 1);

    // The restored tree still routes, checks, triggers and numbers rows as before.
    p.db.execute(
        "INSERT INTO views (account_id, kind, at) VALUES (1, 'page', '2025-05-05 00:00+00')",
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM views_2025"), 2);
    assert_eq!(p.db.scalar("SELECT max(id) FROM views"), 5);
    assert_eq!(p.db.scalar("SELECT n FROM views WHERE id = 5"), 1);
    p.db.execute("DELETE FROM view_notes");
    p.db.execute("DELETE FROM accounts WHERE id = 2");
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM views WHERE account_id = 2"),
        0
    );
}
