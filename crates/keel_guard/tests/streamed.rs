//! The before-fingerprint the backup counts as its rows stream equals the one the guard's own
//! SQL reads, on every engine: counts from the stream, and content digests computed on demand
//! from the backup's artifact with the code the stream used to run. A divergence in either
//! path (the engines' counting and artifact digests, or the guard's SQL) fails here.

use std::collections::{BTreeMap, BTreeSet};

use keel_backup::{BackupEngine, BackupStore, CreateRequest, Created, NoProgress, TableStats};
use keel_driver::Connection;
use keel_guard::{
    digests_in_backup, BackupDigests, BatchScript, Digest, Fingerprint, Guard, TableRef,
};
use keel_testkit::{Engine, TestDb};

/// Enough rows of long text that a table spans several 1 MiB stream chunks, so values cut by
/// a chunk boundary are counted too.
const ROWS: usize = 3000;

fn engine_of(engine: Engine) -> &'static dyn BackupEngine {
    match engine {
        Engine::Sqlite => &keel_sqlite::SqliteBackup,
        Engine::Postgres => &keel_postgres::PostgresBackup,
        Engine::Mysql => &keel_mysql::MysqlBackup,
    }
}

/// A string literal holding `text` (tabs, newlines and backslashes included).
fn lit(engine: Engine, text: &str) -> String {
    let quoted = text.replace('\'', "''");
    match engine {
        Engine::Mysql => format!("'{}'", quoted.replace('\\', "\\\\")),
        _ => format!("'{quoted}'"),
    }
}

fn blob(engine: Engine, bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    match engine {
        Engine::Postgres => format!("'\\x{hex}'::bytea"),
        _ => format!("X'{hex}'"),
    }
}

/// `things`: NULLs, empty strings, unicode, COPY's escape characters, binary values (NUL
/// bytes included), repeated values, and a column of a type whose digest the stream may not
/// compute (a timestamp), over [`ROWS`] rows; and `nothing_yet`, a table with no rows.
fn fixture(db: &TestDb) {
    let e = db.engine();
    let (bin, ts) = match e {
        Engine::Sqlite => ("BLOB", "TEXT"),
        Engine::Postgres => ("BYTEA", "TIMESTAMPTZ"),
        Engine::Mysql => ("VARBINARY(64)", "TIMESTAMP NULL"),
    };
    db.execute(&format!(
        "CREATE TABLE things (id INTEGER PRIMARY KEY, label VARCHAR(600), n BIGINT, data {bin}, seen {ts})"
    ));
    db.execute("CREATE TABLE nothing_yet (id INTEGER PRIMARY KEY, note VARCHAR(10))");
    let specials = [
        "",
        "héllo ✓ 日本語 🚀",
        "tab\there",
        "line\nbreak\r\nand back\\slash \\N",
        "'quoted' \"double\"",
    ];
    let mut values = Vec::new();
    for i in 0..ROWS {
        let label = match i % 7 {
            0 => "NULL".to_string(),
            1..=5 => lit(e, specials[i % 7 - 1]),
            _ => lit(e, &format!("{i} {}", "long text ".repeat(50))),
        };
        let n = if i % 11 == 0 {
            "NULL".to_string()
        } else {
            ((i as i64 - 1500) * 1_000_003).to_string()
        };
        let data = match i % 5 {
            0 => "NULL".to_string(),
            1 => blob(e, &[]),
            _ => blob(e, &[0, (i % 256) as u8, 255, b'\t', b'\n', b'\\']),
        };
        let seen = if i % 3 == 0 {
            "NULL".to_string()
        } else {
            lit(e, &format!("2024-0{}-1{} 12:34:56", 1 + i % 9, i % 10))
        };
        values.push(format!("({i}, {label}, {n}, {data}, {seen})"));
        if values.len() == 500 || i == ROWS - 1 {
            db.execute(&format!(
                "INSERT INTO things (id, label, n, data, seen) VALUES {}",
                values.join(", ")
            ));
            values.clear();
        }
    }
}

/// A backup of the test database, kept for digests read back from its artifact.
struct Backed {
    _dir: tempfile::TempDir,
    store: BackupStore,
    created: Created,
    engine: &'static dyn BackupEngine,
    /// How many times the guard asked for digests.
    asked: usize,
}

impl Backed {
    fn stats(&self) -> &[TableStats] {
        &self.created.stats
    }
}

impl BackupDigests for Backed {
    fn digests(
        &mut self,
        table: &TableRef,
        columns: &[String],
    ) -> Result<BTreeMap<String, Digest>, String> {
        self.asked += 1;
        let entry = self.store.resolve(&self.created.manifest.id).unwrap();
        digests_in_backup(&self.store, &entry, self.engine, None, table, columns)
            .map_err(|e| e.to_string())
    }
}

/// Backs the database up, counting every table.
fn backup(db: &TestDb, conn: &mut dyn Connection) -> Backed {
    backup_counting(db, conn, None)
}

/// Backs the database up, counting `count` (every table when `None`).
fn backup_counting(
    db: &TestDb,
    conn: &mut dyn Connection,
    count: Option<&BTreeSet<(String, String)>>,
) -> Backed {
    let dir = tempfile::tempdir().unwrap();
    let req = CreateRequest {
        reason: "test",
        command: "test",
        encrypt_to: None,
        identity: None,
        keel_version: "0.0.0",
        count,
    };
    let store = BackupStore::new(dir.path());
    let engine = engine_of(db.engine());
    let created = store.create(engine, conn, &req, &mut NoProgress).unwrap();
    Backed {
        _dir: dir,
        store,
        created,
        engine,
        asked: 0,
    }
}

/// The guard planned for `script` as migration 0002.
fn plan(conn: &mut dyn Connection, script: &str) -> Guard {
    Guard::plan(
        conn,
        &Default::default(),
        &[BatchScript::new("0002", script)],
    )
    .unwrap()
}

fn guard_over_everything(conn: &mut dyn Connection, script: &str) -> Guard {
    let mut guard = plan(conn, script);
    guard.read_everything();
    guard
}

/// The guard for `statements`, its before-fingerprint taken from `backed`'s stream.
fn armed_from<S: AsRef<str>>(
    conn: &mut dyn Connection,
    statements: &[S],
    backed: &Backed,
) -> Guard {
    let script: Vec<&str> = statements.iter().map(AsRef::as_ref).collect();
    let mut guard = plan(conn, &script.join(";\n"));
    guard
        .measure_from(conn, &Fingerprint::from_backup(backed.stats()))
        .unwrap();
    guard
}

fn things(db: &TestDb) -> TableRef {
    match db.engine() {
        Engine::Postgres => TableRef::new("public", "things"),
        _ => TableRef::new("main", "things"),
    }
}

fn the_streamed_fingerprint_equals_the_sql_one(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let mut backed = backup(&db, conn.as_mut());
    let streamed = Fingerprint::from_backup(backed.stats());

    let mut from_stream = guard_over_everything(conn.as_mut(), "");
    from_stream.measure_from(conn.as_mut(), &streamed).unwrap();
    let mut from_sql = guard_over_everything(conn.as_mut(), "");
    from_sql.measure(conn.as_mut()).unwrap();

    assert_eq!(from_stream.tables_from_backup(), 2, "{streamed:?}");
    assert_eq!(from_sql.tables_from_backup(), 0);

    // The stream only counts: the text, number and binary digests are left to the artifact.
    let t = &streamed.tables[&things(&db)];
    assert_eq!(t.rows, ROWS as u64);
    assert_eq!(t.columns["label"].values, (ROWS - ROWS.div_ceil(7)) as u64);
    for c in ["id", "label", "n", "data"] {
        assert_eq!(t.columns[c].digest, None, "{c} was digested in the stream");
        assert!(t.columns[c].from_artifact, "{c} cannot be digested later");
    }

    // Counts equal the SQL's; every digest, read now or later from the artifact, too.
    for (table, sql) in &from_sql.before().tables {
        let mine = &from_stream.before().tables[table];
        assert_eq!(mine.rows, sql.rows, "{table}");
        for (c, want) in &sql.columns {
            let got = &mine.columns[c];
            assert_eq!(got.values, want.values, "{table}.{c}");
            let digest = match &got.digest {
                Some(d) => d.clone(),
                None => {
                    assert!(got.from_artifact, "{table}.{c} has no digest at all");
                    let mut d = backed.digests(table, std::slice::from_ref(c)).unwrap();
                    d.remove(c)
                        .unwrap_or_else(|| panic!("{table}.{c}: no digest from the artifact"))
                }
            };
            assert_eq!(Some(&digest), want.digest.as_ref(), "{table}.{c}");
        }
    }
}

fn a_move_is_proven_with_digests_from_the_backup(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let mut backed = backup(&db, conn.as_mut());
    let statements = [
        "ALTER TABLE things ADD COLUMN title VARCHAR(600)",
        "UPDATE things SET title = label",
        "ALTER TABLE things DROP COLUMN label",
    ];
    let guard = armed_from(conn.as_mut(), &statements, &backed);
    assert_eq!(guard.tables_from_backup(), 1);
    for s in statements {
        conn.execute(s).unwrap();
    }
    let v = guard
        .verdict_with(conn.as_mut(), Some(&mut backed))
        .unwrap();
    assert_eq!(backed.asked, 1, "one read of the artifact, for label");
    assert!(v.losses.is_empty(), "{v:?}");
    assert!(v.unproven.is_empty(), "{v:?}");
    assert_eq!(v.moves.len(), 1, "{v:?}");
    let m = &v.moves[0];
    assert_eq!(
        (m.from_column.as_str(), m.to_column.as_str()),
        ("label", "title")
    );
    assert!(m.content_equal);
}

fn changed_content_is_no_move_with_digests_from_the_backup(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let mut backed = backup(&db, conn.as_mut());
    let concat = match engine {
        Engine::Mysql => "CONCAT(label, '!')",
        _ => "label || '!'",
    };
    let statements = [
        "ALTER TABLE things ADD COLUMN title VARCHAR(700)".to_string(),
        format!("UPDATE things SET title = {concat}"),
        "ALTER TABLE things DROP COLUMN label".to_string(),
    ];
    let guard = armed_from(conn.as_mut(), &statements, &backed);
    for s in &statements {
        conn.execute(s).unwrap();
    }
    let v = guard
        .verdict_with(conn.as_mut(), Some(&mut backed))
        .unwrap();
    assert_eq!(backed.asked, 1, "the move was checked against the artifact");
    assert!(v.moves.is_empty(), "{v:?}");
    assert_eq!(v.losses.len(), 1, "{v:?}");
    assert_eq!(v.losses[0].column.as_deref(), Some("label"));
    assert!(v.unproven.is_empty(), "{v:?}");
}

fn without_the_backup_a_possible_move_stays_a_loss_and_says_why(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let backed = backup(&db, conn.as_mut());
    let statements = [
        "ALTER TABLE things ADD COLUMN title VARCHAR(600)",
        "UPDATE things SET title = label",
        "ALTER TABLE things DROP COLUMN label",
    ];
    let guard = armed_from(conn.as_mut(), &statements, &backed);
    for s in statements {
        conn.execute(s).unwrap();
    }
    let v = guard.verdict(conn.as_mut()).unwrap();
    assert!(v.moves.is_empty(), "{v:?}");
    assert_eq!(v.losses.len(), 1, "{v:?}");
    assert_eq!(v.losses[0].column.as_deref(), Some("label"));
    assert_eq!(v.unproven.len(), 1, "{v:?}");
    assert!(v.unproven[0].contains("things.label"), "{v:?}");
}

fn a_table_the_backup_did_not_count_is_read(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let mut guard = guard_over_everything(conn.as_mut(), "");
    guard
        .measure_from(conn.as_mut(), &Fingerprint::default())
        .unwrap();
    let mut from_sql = guard_over_everything(conn.as_mut(), "");
    from_sql.measure(conn.as_mut()).unwrap();
    assert_eq!(guard.tables_from_backup(), 0);
    assert_eq!(guard.before(), from_sql.before());
    assert_eq!(guard.before().tables.len(), 2);
}

/// A table's rows and its columns' non-NULL values.
type Counted = (TableRef, u64, Vec<(String, u64)>);

/// A batch that only adds a column to `things` cannot take a value from it: the backup counts
/// just the table the batch can change, and the before-fingerprint holds just that table,
/// equal to what the guard's own SQL reads for the same scope.
fn the_backup_counts_only_the_tables_the_batch_can_change(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    db.execute("INSERT INTO nothing_yet (id, note) VALUES (1, 'a'), (2, NULL)");
    let mut conn = db.connect();
    let script = "ALTER TABLE things ADD COLUMN extra INTEGER;\n\
                  CREATE INDEX things_n ON things (n);\n\
                  DELETE FROM nothing_yet WHERE id = 2;\n";
    let mut guard = plan(conn.as_mut(), script);
    let nothing_yet = match engine {
        Engine::Postgres => ("public".to_string(), "nothing_yet".to_string()),
        _ => ("main".to_string(), "nothing_yet".to_string()),
    };
    let count = guard.tables_to_count().expect("a bounded scope");
    assert_eq!(count, BTreeSet::from([nothing_yet.clone()]));

    let backed = backup_counting(&db, conn.as_mut(), Some(&count));
    let counted: Vec<(String, String)> = backed
        .stats()
        .iter()
        .map(|t| (t.schema.clone(), t.table.clone()))
        .collect();
    assert_eq!(counted, [nothing_yet]);

    guard
        .measure_from(conn.as_mut(), &Fingerprint::from_backup(backed.stats()))
        .unwrap();
    assert_eq!(guard.tables_from_backup(), 1);
    let mut from_sql = plan(conn.as_mut(), script);
    from_sql.measure(conn.as_mut()).unwrap();
    // Counts only: the stream leaves digests to the artifact.
    let counts = |g: &Guard| -> Vec<Counted> {
        g.before()
            .tables
            .iter()
            .map(|(t, p)| {
                let values = p
                    .columns
                    .iter()
                    .map(|(c, v)| (c.clone(), v.values))
                    .collect();
                (t.clone(), p.rows, values)
            })
            .collect()
    };
    assert_eq!(counts(&guard), counts(&from_sql));
    assert_eq!(counts(&guard).len(), 1);
}

keel_testkit::engine_tests!(
    the_backup_counts_only_the_tables_the_batch_can_change,
    the_streamed_fingerprint_equals_the_sql_one,
    a_move_is_proven_with_digests_from_the_backup,
    changed_content_is_no_move_with_digests_from_the_backup,
    without_the_backup_a_possible_move_stays_a_loss_and_says_why,
    a_table_the_backup_did_not_count_is_read,
);
