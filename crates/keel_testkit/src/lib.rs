//! The test harness: every test that touches a database gets a fresh, real one.
//!
//! `scripts/test` starts private PostgreSQL and MariaDB servers and exports admin URLs in
//! `KEEL_TEST_POSTGRES_URL` and `KEEL_TEST_MYSQL_URL`; SQLite needs nothing. A [`TestDb`]
//! creates a uniquely named database on its server (a temporary file for SQLite) and drops it
//! when the test ends.
//!
//! Tests are written once and run per engine with [`engine_tests!`]:
//!
//! ```ignore
//! fn applies_everything(engine: Engine) {
//!     let db = TestDb::new(engine);
//!     // … run keel against db.url() …
//! }
//! keel_testkit::engine_tests!(applies_everything);
//! ```
//!
//! Without a server URL an engine's tests are skipped with a note on stderr — unless
//! `CI=true`, where a missing server fails the test: CI must never pass by testing less.

#![expect(
    clippy::print_stderr,
    reason = "a skipped engine must be visible in test output"
)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use keel_driver::{Connection, DbUrl, Driver, Value};

/// A database engine under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL from `KEEL_TEST_POSTGRES_URL`.
    Postgres,
    /// MariaDB/MySQL from `KEEL_TEST_MYSQL_URL`.
    Mysql,
}

impl Engine {
    /// Every engine.
    pub const ALL: [Engine; 3] = [Engine::Sqlite, Engine::Postgres, Engine::Mysql];

    /// `sqlite`, `postgres` or `mysql` (also the corpus folder names).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }

    fn admin_var(self) -> Option<&'static str> {
        match self {
            Engine::Sqlite => None,
            Engine::Postgres => Some("KEEL_TEST_POSTGRES_URL"),
            Engine::Mysql => Some("KEEL_TEST_MYSQL_URL"),
        }
    }

    /// The admin URL of this engine's test server, if one is running.
    pub fn admin_url(self) -> Option<String> {
        self.admin_var()
            .and_then(|v| std::env::var(v).ok())
            .filter(|v| !v.is_empty())
    }

    /// Whether tests can run on this engine. Panics under `CI=true` when a server is missing.
    pub fn available(self) -> bool {
        let Some(var) = self.admin_var() else {
            return true;
        };
        if self.admin_url().is_some() {
            return true;
        }
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{var} is not set: CI requires a real {} server (run the tests through scripts/test)", self.name());
        }
        eprintln!(
            "skipping {}: {var} is not set (run the tests through scripts/test)",
            self.name()
        );
        false
    }
}

/// Runs a scenario `fn(Engine)` once per engine, as tests named after the engine.
#[macro_export]
macro_rules! engine_tests {
    ($($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[test]
                fn sqlite() {
                    if $crate::Engine::Sqlite.available() {
                        super::$scenario($crate::Engine::Sqlite);
                    }
                }
                #[test]
                fn postgres() {
                    if $crate::Engine::Postgres.available() {
                        super::$scenario($crate::Engine::Postgres);
                    }
                }
                #[test]
                fn mysql() {
                    if $crate::Engine::Mysql.available() {
                        super::$scenario($crate::Engine::Mysql);
                    }
                }
            }
        )+
    };
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh database that is dropped when the value is dropped.
pub struct TestDb {
    engine: Engine,
    url: String,
    name: String,
    admin: Option<String>,
    dir: tempfile::TempDir,
}

impl TestDb {
    /// Creates a new, empty database on `engine`'s test server.
    pub fn new(engine: Engine) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = format!(
            "keel_t{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos() % 100_000)
                .unwrap_or(0)
        );
        let (url, admin) = match engine {
            Engine::Sqlite => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
            Engine::Postgres | Engine::Mysql => {
                let admin = engine.admin_url().expect("engine checked with available()");
                let mut conn = connect(&admin);
                let create = if engine == Engine::Postgres {
                    format!("CREATE DATABASE \"{name}\"")
                } else {
                    format!(
                        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                    )
                };
                conn.execute(&create).expect("create test database");
                let mut parsed = url::Url::parse(&admin).expect("admin URL");
                parsed.set_path(&name);
                (parsed.to_string(), Some(admin))
            }
        };
        Self {
            engine,
            url,
            name,
            admin,
            dir,
        }
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The database URL, password included (tests pass it to keel).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A scratch folder that lives as long as the database.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// For SQLite, the database file.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.engine == Engine::Sqlite).then(|| self.dir.path().join("test.db"))
    }

    /// A new connection to the database.
    pub fn connect(&self) -> Box<dyn Connection> {
        connect(&self.url)
    }

    /// Runs a query and returns every row.
    pub fn query(&self, sql: &str) -> Vec<Vec<Value>> {
        self.connect()
            .query(sql, &[])
            .unwrap_or_else(|e| panic!("query failed: {e}\n{sql}"))
    }

    /// Runs a query that returns one integer.
    pub fn scalar(&self, sql: &str) -> i64 {
        let rows = self.query(sql);
        rows.first()
            .and_then(|r| r.first())
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("expected one integer from {sql}, got {rows:?}"))
    }

    /// Runs a statement.
    pub fn execute(&self, sql: &str) {
        self.connect()
            .execute(sql)
            .unwrap_or_else(|e| panic!("statement failed: {e}\n{sql}"));
    }

    /// Whether a table (or view) exists.
    pub fn has_table(&self, name: &str) -> bool {
        self.connect().table_exists(name).expect("table_exists")
    }

    /// The names of every table and view, sorted, keel's own included.
    pub fn tables(&self) -> Vec<String> {
        let sql = match self.engine {
            Engine::Sqlite => "SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
            Engine::Postgres => "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r','p','v','m') ORDER BY 1",
            Engine::Mysql => "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
        };
        self.query(sql)
            .into_iter()
            .filter_map(|r| r.first().and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// Every user object (tables, views, indexes, triggers, routines, types, sequences), for
    /// checking that a full rollback left nothing behind. keel's own tables are excluded.
    pub fn user_objects(&self) -> Vec<String> {
        let queries: &[&str] = match self.engine {
            Engine::Sqlite => &["SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE 'keel_%'"],
            Engine::Postgres => &[
                "SELECT c.relkind::text || ' ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND c.relname NOT LIKE 'keel\\_%' \
                 AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE i.indexrelid = c.oid AND t.relname LIKE 'keel\\_%')",
                "SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema')",
                "SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND t.typtype IN ('e','d') ",
                "SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog','information_schema','public') AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%'",
            ],
            Engine::Mysql => &[
                "SELECT CONCAT(TABLE_TYPE, ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'keel\\_%'",
                "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()",
                "SELECT CONCAT('TRIGGER ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
                "SELECT CONCAT('EVENT ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
            ],
        };
        let mut out: Vec<String> = queries
            .iter()
            .flat_map(|q| self.query(q))
            .filter_map(|r| r.first().and_then(Value::as_str).map(str::to_string))
            .collect();
        out.sort();
        out
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = &self.admin else { return };
        let Ok(mut conn) = try_connect(admin) else {
            return;
        };
        let drop = if self.engine == Engine::Postgres {
            format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)
        } else {
            format!("DROP DATABASE IF EXISTS `{}`", self.name)
        };
        let _ = conn.execute(&drop);
    }
}

fn try_connect(url: &str) -> Result<Box<dyn Connection>, keel_driver::DriverError> {
    let url = DbUrl::parse(url)?;
    let drivers: [&dyn Driver; 3] = [
        &keel_sqlite::SqliteDriver,
        &keel_postgres::PostgresDriver,
        &keel_mysql::MysqlDriver,
    ];
    keel_driver::connect(&drivers, &url)
}

/// Connects to any URL with keel's own drivers; panics with the (redacted) error.
pub fn connect(url: &str) -> Box<dyn Connection> {
    try_connect(url).unwrap_or_else(|e| panic!("cannot connect: {e}"))
}
