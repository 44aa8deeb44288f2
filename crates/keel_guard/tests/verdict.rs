//! The guard's verdict on real databases, every engine: what counts as a move, what stays a
//! loss, and which tables are read.

use keel_driver::Connection;
use keel_guard::{BatchScript, Guard, LossKind, Scope};
use keel_testkit::{Engine, TestDb};

/// `photos` with ten captioned rows, and an unrelated `audit` table holding a row.
fn fixture(db: &TestDb) {
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(100))");
    db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, note VARCHAR(100))");
    db.execute("INSERT INTO audit (id, note) VALUES (1, 'kept')");
    for i in 1..=10 {
        db.execute(&format!(
            "INSERT INTO photos (id, caption) VALUES ({i}, 'caption {i}')"
        ));
    }
}

/// Runs `statements` as one batch under the guard and returns the verdict.
fn guarded(db: &TestDb, statements: &[&str]) -> keel_guard::Verdict {
    let mut conn: Box<dyn Connection> = db.connect();
    let batch = [BatchScript::new("0002_test", &statements.join(";\n"))];
    let mut guard = Guard::plan(conn.as_mut(), &Default::default(), &batch).unwrap();
    guard.measure(conn.as_mut()).unwrap();
    for s in statements {
        conn.execute(s)
            .unwrap_or_else(|e| panic!("{s} failed: {e}"));
    }
    guard.verdict(conn.as_mut()).unwrap()
}

fn moved(v: &keel_guard::Verdict) -> Vec<(String, String, u64)> {
    v.moves
        .iter()
        .map(|m| {
            (
                format!("{}.{}", m.from_table, m.from_column),
                format!("{}.{}", m.to_table, m.to_column),
                m.values,
            )
        })
        .collect()
}

fn rows_archived_into_a_new_table_moved(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let v = guarded(
        &db,
        &[
            "CREATE TABLE archived_photos (id INTEGER PRIMARY KEY, caption VARCHAR(100))",
            "INSERT INTO archived_photos (id, caption) SELECT id, caption FROM photos WHERE id <= 4",
            "DELETE FROM photos WHERE id <= 4",
        ],
    );
    assert!(v.losses.is_empty(), "{v:?}");
    let mut m = moved(&v);
    m.sort();
    assert_eq!(
        m,
        [
            (
                "photos.caption".to_string(),
                "archived_photos.caption".to_string(),
                4
            ),
            ("photos.id".to_string(), "archived_photos.id".to_string(), 4),
        ]
    );
}

fn a_renamed_column_moved(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let v = guarded(&db, &["ALTER TABLE photos RENAME COLUMN caption TO title"]);
    assert!(v.losses.is_empty(), "{v:?}");
    assert_eq!(
        moved(&v),
        [("photos.caption".to_string(), "photos.title".to_string(), 10)]
    );
}

fn as_many_values_with_other_content_is_still_a_loss(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let v = guarded(
        &db,
        &[
            "ALTER TABLE photos ADD COLUMN title VARCHAR(100)",
            "UPDATE photos SET title = UPPER(caption)",
            "ALTER TABLE photos DROP COLUMN caption",
        ],
    );
    assert!(v.moves.is_empty(), "{v:?}");
    assert_eq!(v.losses.len(), 1, "{v:?}");
    let loss = &v.losses[0];
    assert_eq!(
        (
            loss.table.as_str(),
            loss.column.as_deref(),
            loss.before,
            loss.after,
            loss.kind
        ),
        ("photos", Some("caption"), 10, 0, LossKind::ColumnDropped)
    );
}

fn only_the_tables_a_batch_names_are_read(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let batch = [BatchScript::new(
        "0002_test",
        "DELETE FROM photos WHERE id = 1",
    )];
    let guard = Guard::plan(conn.as_mut(), &Default::default(), &batch).unwrap();
    match guard.scope() {
        Scope::Tables(t) => assert_eq!(
            t.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["photos"]
        ),
        Scope::All => panic!("the scope should be bounded"),
    }
    let v = guarded(&db, &["DELETE FROM photos WHERE id = 1"]);
    assert_eq!(v.tables_read, 1);
    assert!(!v.read_all);
    assert_eq!(v.losses.len(), 2, "photos.id and photos.caption: {v:?}");
    assert!(v
        .losses
        .iter()
        .all(|l| l.kind == LossKind::ValuesRemoved && l.before == 10 && l.after == 9));
}

fn an_allowance_must_name_an_existing_column(engine: Engine) {
    let db = TestDb::new(engine);
    fixture(&db);
    let mut conn = db.connect();
    let mut script = BatchScript::new("0002_test", "ALTER TABLE photos DROP COLUMN caption");
    script.allows_loss = vec!["photos.captoin".into()];
    let err = Guard::plan(conn.as_mut(), &Default::default(), &[script]).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("0002_test") && message.contains("photos.captoin"),
        "{message}"
    );
}

keel_testkit::engine_tests!(
    rows_archived_into_a_new_table_moved,
    a_renamed_column_moved,
    as_many_values_with_other_content_is_still_a_loss,
    only_the_tables_a_batch_names_are_read,
    an_allowance_must_name_an_existing_column,
);
