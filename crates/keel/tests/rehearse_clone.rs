//! `keel rehearse`'s clone on MySQL/MariaDB and on PostgreSQL's fallback (docs/guard.md,
//! "Rehearsal"): the live database's backup stream goes straight into the scratch
//! database's restore. The copy is exact (schema, rows, and the fingerprint counted in the
//! stream equals the copy's own), and a stream cut short or altered loads nothing.

mod common;

use std::collections::BTreeSet;

use common::{Engine, Project, TestDb};
use keel_backup::{BackupEngine, BackupStore, CreateRequest, NoProgress};
use keel_driver::{Connection, DbUrl, InspectOptions, Value};
use keel_guard::{fingerprint, sql_for, Fingerprint, TableRef};

fn backup_engine(engine: Engine) -> &'static dyn BackupEngine {
    match engine {
        Engine::Postgres => &keel_postgres::PostgresBackup,
        Engine::Mysql => &keel_mysql::MysqlBackup,
        Engine::Sqlite => unreachable!("SQLite clones with its backup API"),
    }
}

fn request() -> CreateRequest<'static> {
    CreateRequest {
        reason: "rehearse",
        command: "rehearse",
        encrypt_to: None,
        identity: None,
        keel_version: "test",
        count: None,
    }
}

/// Photos of every common column type (NULLs, unicode, quotes, backslashes, binary), tags
/// referencing them, and a view.
fn rich_schema(engine: Engine) -> Vec<String> {
    let (blob, when, real) = match engine {
        Engine::Postgres => ("BYTEA", "TIMESTAMP", "DOUBLE PRECISION"),
        _ => ("BLOB", "DATETIME", "DOUBLE"),
    };
    vec![
        format!(
            "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200), body TEXT, \
             data {blob}, price DECIMAL(10,2), taken {when}, ratio {real})"
        ),
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, photo_id INTEGER REFERENCES photos (id), \
         name VARCHAR(50) NOT NULL)"
            .to_string(),
        "CREATE VIEW captioned AS SELECT id, caption FROM photos WHERE caption IS NOT NULL"
            .to_string(),
    ]
}

fn rich_rows(engine: Engine) -> Vec<String> {
    let hex = |i: u32| match engine {
        Engine::Postgres => format!("'\\x00ff{i:04x}'::bytea"),
        _ => format!("X'00ff{i:04x}'"),
    };
    let photos: Vec<String> = (1..=300u32)
        .map(|i| {
            let caption = match i % 6 {
                0 => "NULL".to_string(),
                1 => "''".to_string(),
                2 => format!("'légende ✓ {i}'"),
                3 => format!("'it''s \\\\ {i}'"),
                _ => format!("'caption {i}'"),
            };
            let data = if i % 4 == 0 { "NULL".into() } else { hex(i) };
            let ratio = if i % 5 == 0 {
                "NULL".to_string()
            } else {
                format!("{}", f64::from(i) / 7.0)
            };
            format!(
                "({i}, {caption}, 'body of photo {i}', {data}, {i}.25, '2026-11-{:02} 10:{:02}:00', {ratio})",
                1 + i % 28,
                i % 60
            )
        })
        .collect();
    let tags: Vec<String> = (1..=120u32)
        .map(|i| format!("({i}, {}, 'tag {i}')", 1 + i % 300))
        .collect();
    vec![
        format!(
            "INSERT INTO photos (id, caption, body, data, price, taken, ratio) VALUES {}",
            photos.join(", ")
        ),
        format!(
            "INSERT INTO tags (id, photo_id, name) VALUES {}",
            tags.join(", ")
        ),
    ]
}

fn rich_database(engine: Engine) -> TestDb {
    let db = TestDb::new(engine);
    for sql in rich_schema(engine).into_iter().chain(rich_rows(engine)) {
        db.execute(&sql);
    }
    db
}

/// A scratch database beside `db`, dropped when this is dropped (even when a test fails).
struct Scratch {
    admin: Box<dyn Connection>,
    url: DbUrl,
}

impl Scratch {
    fn new(db: &TestDb) -> Self {
        let mut admin = db.connect();
        let url = admin.create_scratch().unwrap();
        Self { admin, url }
    }

    fn connect(&self) -> Box<dyn Connection> {
        keel_testkit::connect(self.url.expose())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self.admin.drop_scratch(&self.url);
    }
}

/// Every table's rows in primary-key order.
fn content(conn: &mut dyn Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    ["photos", "tags"]
        .iter()
        .map(|t| {
            let rows = conn
                .query(&format!("SELECT * FROM {t} ORDER BY id"), &[])
                .unwrap();
            (t.to_string(), rows)
        })
        .collect()
}

fn the_copy_is_exact_and_counted_as_its_rows_stream(engine: Engine) {
    let db = rich_database(engine);
    let scratch = Scratch::new(&db);
    let mut live = db.connect();
    let before = content(live.as_mut());
    let folder = tempfile::tempdir().unwrap();
    let copied = {
        let mut target = scratch.connect();
        BackupStore::new(folder.path())
            .copy(
                backup_engine(engine),
                live.as_mut(),
                target.as_mut(),
                &request(),
                &mut NoProgress,
            )
            .unwrap()
    };
    // PostgreSQL names tables with their schema (`public.photos`), MySQL without.
    let rows = |name: &str| {
        copied
            .tables
            .iter()
            .find(|(k, _)| *k == name || k.ends_with(&format!(".{name}")))
            .map(|(_, sum)| sum.rows)
    };
    assert_eq!((rows("photos"), rows("tags")), (Some(300), Some(120)));

    let mut copy = scratch.connect();
    let options = InspectOptions::default();
    let live_schema = live.inspect(&options).unwrap();
    let copy_schema = copy.inspect(&options).unwrap();
    assert_eq!(
        keel_diff::compare(&live_schema, &copy_schema),
        Vec::new(),
        "the copy's schema (tables, view, foreign key) is the live one's"
    );
    assert_eq!(
        content(copy.as_mut()),
        before,
        "the copy holds the live rows, value for value"
    );
    assert_eq!(
        content(live.as_mut()),
        before,
        "the live database was only read"
    );

    // What the stream counted is what the guard's SQL reads from the copy: rehearse's
    // baseline takes it instead of reading every table.
    let streamed = Fingerprint::from_backup(&copied.stats);
    let tables: BTreeSet<TableRef> = TableRef::all_in(&copy_schema);
    let dialect = copy.server().dialect;
    let read = fingerprint(copy.as_mut(), sql_for(dialect), &copy_schema, &tables, true).unwrap();
    let mut digests_compared = 0;
    for t in &tables {
        let (s, r) = (&streamed.tables[t], &read.tables[t]);
        assert_eq!(s.rows, r.rows, "{t}");
        for (c, col) in &r.columns {
            let counted = &s.columns[c];
            assert_eq!(counted.values, col.values, "{t}.{c}");
            if let Some(d) = &counted.digest {
                assert_eq!(Some(d), col.digest.as_ref(), "{t}.{c}");
                digests_compared += 1;
            }
        }
    }
    assert!(
        digests_compared >= 3,
        "the stream computed digests: {streamed:?}"
    );
}

fn a_cut_or_altered_stream_loads_nothing(engine: Engine) {
    let db = rich_database(engine);
    let folder = tempfile::tempdir().unwrap();
    let store = BackupStore::new(folder.path());
    let mut stream = Vec::new();
    store
        .create_stream(
            backup_engine(engine),
            db.connect().as_mut(),
            &request(),
            &mut stream,
            &mut NoProgress,
        )
        .unwrap();

    let scratch = Scratch::new(&db);
    let mut target = scratch.connect();
    target.execute("CREATE TABLE marker (x INTEGER)").unwrap();
    target.execute("INSERT INTO marker VALUES (7)").unwrap();
    let restore = |bytes: Vec<u8>| {
        let mut conn = scratch.connect();
        store.restore_stream(
            backup_engine(engine),
            conn.as_mut(),
            Box::new(std::io::Cursor::new(bytes)),
            &mut NoProgress,
        )
    };
    let untouched = |target: &mut dyn Connection| {
        assert!(
            !target.table_exists("photos").unwrap(),
            "nothing was loaded"
        );
        let x = target.query("SELECT x FROM marker", &[]).unwrap();
        let x = x[0][0].as_i64().or_else(|| x[0][0].as_str()?.parse().ok());
        assert_eq!(x, Some(7), "the target is unchanged");
    };

    // Cut short: as when the live side fails halfway through.
    let err = restore(stream[..stream.len() * 2 / 3].to_vec()).unwrap_err();
    assert!(err.to_string().contains("stream ends"), "{err}");
    untouched(target.as_mut());

    // One value altered in flight.
    let at = stream
        .windows(11)
        .position(|w| w == b"caption 154")
        .expect("the stream carries the rows as text");
    let mut altered = stream.clone();
    altered[at + 10] = b'9';
    let err = restore(altered).unwrap_err();
    assert!(
        err.to_string().contains("checksum") || err.to_string().contains("differs"),
        "{err}"
    );
    untouched(target.as_mut());

    // The whole stream loads.
    restore(stream).unwrap();
    assert_eq!(
        target.query("SELECT id FROM photos", &[]).unwrap().len(),
        300
    );
    assert!(!target.table_exists("marker").unwrap(), "replaced");
}

/// `keel rehearse` on the rich schema: the baseline taken from the stream matches what the
/// down scripts leave, column by column, so a clean batch rehearses clean.
fn a_streamed_clone_rehearses_clean(engine: Engine) {
    let p = Project::new(engine);
    let schema = rich_schema(engine);
    p.migration(
        "0001_create",
        &format!("{};\n", schema.join(";\n")),
        "DROP VIEW captioned;\nDROP TABLE tags;\nDROP TABLE photos;\n",
    );
    p.keel_json(&["migrate"], 0);
    for sql in rich_rows(engine) {
        p.db.execute(&sql);
    }
    p.migration(
        "0002_titles",
        "ALTER TABLE photos ADD COLUMN title VARCHAR(50);\n\
         UPDATE photos SET title = caption;\n\
         CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE posts;\nALTER TABLE photos DROP COLUMN title;\n",
    );
    // PostgreSQL copies by template unless another session is connected.
    let _session = (engine == Engine::Postgres).then(|| p.db.connect());
    let report = p.keel_json(&["rehearse"], 0);
    let method = report["clone"]["method"].as_str().unwrap();
    assert!(
        method.starts_with("keel backup + restore, streamed"),
        "{report}"
    );
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["not_restored"], serde_json::json!([]), "{report}");
    assert_eq!(report["data_loss"], serde_json::json!([]), "{report}");
    assert!(!p.db.has_table("posts"), "the live database was only read");
}

macro_rules! server_tests {
    ($($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[test]
                fn postgres() {
                    if keel_testkit::Engine::Postgres.available() {
                        super::$scenario(keel_testkit::Engine::Postgres);
                    }
                }
                #[test]
                fn mysql() {
                    if keel_testkit::Engine::Mysql.available() {
                        super::$scenario(keel_testkit::Engine::Mysql);
                    }
                }
            }
        )+
    };
}

server_tests!(
    the_copy_is_exact_and_counted_as_its_rows_stream,
    a_cut_or_altered_stream_loads_nothing,
    a_streamed_clone_rehearses_clean,
);
