//! What the backup tests compare and the backup commands they run, shared by `backup.rs`
//! (SQLite) and `backup_servers.rs` (PostgreSQL, MariaDB).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use keel_driver::{Connection, Dialect};

use super::{run_in, Project, TestDb};

/// Every table's rows, sorted and hashed, plus sequence / AUTO_INCREMENT positions (and
/// SQLite's `sqlite_sequence`, a table there): equal maps mean equal content, whatever the
/// physical row order.
pub fn content_hash(db: &TestDb) -> BTreeMap<String, u64> {
    content_hash_at(db.url())
}

/// [`content_hash`] of the database at `url`.
pub fn content_hash_at(url: &str) -> BTreeMap<String, u64> {
    let mut conn = keel_testkit::connect(url);
    let mut out = BTreeMap::new();
    match conn.server().dialect {
        Dialect::Postgres => {
            let tables = names(
                &mut *conn,
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables \
                 WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
            );
            for name in tables {
                let rows = rows(&mut *conn, &format!("SELECT t::text FROM {name} t"));
                out.insert(name, hash_of(rows));
            }
            let sequences = names(
                &mut *conn,
                "SELECT format('%s.%s %s', schemaname, sequencename, coalesce(last_value::text, 'unset')) \
                 FROM pg_sequences ORDER BY 1",
            );
            out.insert("(sequences)".into(), hash_of(sequences));
        }
        Dialect::Mysql => {
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
                let rows = rows(&mut *conn, &format!("SELECT * FROM `{name}`"));
                out.insert(name, hash_of(rows));
            }
            out.insert("(auto_increment)".into(), hash_of(positions));
        }
        Dialect::Sqlite => {
            let tables = names(
                &mut *conn,
                "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
            );
            for name in tables {
                let rows = rows(&mut *conn, &format!("SELECT * FROM \"{name}\""));
                out.insert(name, hash_of(rows));
            }
        }
    }
    out
}

/// The first column of every row of `sql`, as text.
fn names(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.query(sql, &[])
        .unwrap()
        .into_iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect()
}

/// Every row of `sql`, printed.
fn rows(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.query(sql, &[])
        .unwrap()
        .iter()
        .map(|r| format!("{r:?}"))
        .collect()
}

/// The hash of `rows` in sorted order.
fn hash_of(mut rows: Vec<String>) -> u64 {
    rows.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    rows.hash(&mut h);
    h.finish()
}

/// `keel snapshot` of a database URL, as text.
pub fn snapshot(p: &Project, url: &str) -> String {
    let out = p.root.join("snap.json");
    run_in(
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

/// Where the project's backups go.
pub fn backups_dir(p: &Project) -> PathBuf {
    p.root.join(".keel/backups")
}

/// `keel backup create`, and the id it printed.
pub fn create(p: &Project) -> String {
    let run = p.keel(&["backup", "create"]);
    run.expect_code(0);
    run.stdout.trim().to_string()
}

/// `keel backup list --format json`.
pub fn list(p: &Project) -> Vec<serde_json::Value> {
    p.keel_json(&["backup", "list"], 0)
        .as_array()
        .unwrap()
        .clone()
}

/// Runs each statement on `db`.
pub fn exec_all(db: &TestDb, statements: &[&str]) {
    for s in statements {
        db.execute(s);
    }
}
