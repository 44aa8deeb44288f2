//! The planner's SQLite cases (schema-model guide §12.4, cases 21–24), applied for real: the
//! generated up script must turn A into B and its down script B back into A, compared by
//! snapshot, with the rows that A held still there.

mod common;

use common::{Engine, Project};

fn round_trip(a_sql: &str, b_sql: &str, seed: &str, extra: &[&str]) -> (String, String, Project) {
    common::plan::round_trip(Engine::Sqlite, a_sql, b_sql, seed, extra).expect("SQLite is embedded")
}

#[test]
fn sqlite_rebuild_with_dependants() {
    let a = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL);
             CREATE INDEX items_name ON items (name);
             CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items (id));
             CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
             CREATE TRIGGER items_no_free BEFORE INSERT ON items BEGIN SELECT CASE WHEN NEW.price < 0 THEN RAISE(ABORT, 'negative') END; END;";
    let b = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL DEFAULT 0);
             CREATE INDEX items_name ON items (name);
             CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items (id));
             CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
             CREATE TRIGGER items_no_free BEFORE INSERT ON items BEGIN SELECT CASE WHEN NEW.price < 0 THEN RAISE(ABORT, 'negative') END; END;";
    let seed = "INSERT INTO items VALUES (1, 'pen', 2), (2, 'book', 12); INSERT INTO orders VALUES (1, 2);";
    let (up, _, p) = round_trip(a, b, seed, &[]);
    assert!(
        up.contains("_keel_rebuild_items"),
        "a type change is a rebuild:\n{up}"
    );
    assert!(
        up.contains("DROP VIEW"),
        "the dependent view is detached first:\n{up}"
    );
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM items"),
        2,
        "rows survive the rebuild"
    );
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM orders"),
        1,
        "children keep their parent"
    );
    assert_eq!(p.db.query("PRAGMA foreign_key_check").len(), 0);
    assert_eq!(p.db.scalar("SELECT count(*) FROM cheap_items"), 1);
}

#[test]
fn sqlite_add_column_limits() {
    let a = "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);";
    let b = "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,
               note TEXT,
               created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
               kind_length INTEGER GENERATED ALWAYS AS (length(kind)) STORED);";
    let (up, down, p) = round_trip(
        a,
        b,
        "INSERT INTO events (id, kind) VALUES (1, 'signup');",
        &[],
    );
    assert!(
        !up.contains("ADD COLUMN \"created_at\""),
        "CURRENT_TIMESTAMP defaults cannot be added by ALTER:\n{up}"
    );
    assert!(up.contains("_keel_rebuild_events"), "{up}");
    assert!(
        down.contains("_keel_rebuild_events") || down.contains("DROP COLUMN"),
        "{down}"
    );
    assert_eq!(
        p.db.scalar("SELECT kind_length FROM events WHERE id = 1"),
        6
    );

    // A plain nullable column needs no rebuild, either way.
    let (up, down, _) = round_trip(
        a,
        "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, note TEXT);",
        "",
        &[],
    );
    assert!(up.contains("ADD COLUMN \"note\""), "{up}");
    assert!(!up.contains("_keel_rebuild_"), "{up}");
    assert!(down.contains("DROP COLUMN \"note\""), "{down}");
}

#[test]
fn fk_cycle_and_self_reference() {
    let cyclic = "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id));
                  CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));
                  CREATE TABLE nodes (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES nodes (id) ON DELETE CASCADE);";
    let (up, down, _) = round_trip("", cyclic, "", &[]);
    assert_eq!(up.matches("CREATE TABLE").count(), 3, "{up}");
    assert_eq!(down.matches("DROP TABLE").count(), 3, "{down}");
    // And the other direction: from the cycle to nothing and back.
    round_trip(
        cyclic,
        "",
        "INSERT INTO nodes VALUES (1, NULL), (2, 1);",
        &[],
    );
}

#[test]
fn rename_requires_hint() {
    let a = "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT);";
    let b = "CREATE TABLE persons (id INTEGER PRIMARY KEY, full_name TEXT);";
    let (guessed, _, _) = round_trip(a, b, "", &[]);
    assert!(
        guessed.contains("DROP TABLE \"people\""),
        "no hint: drop + create:\n{guessed}"
    );
    assert!(guessed.contains("-- destructive"), "{guessed}");

    let (hinted, down, p) = round_trip(
        a,
        b,
        "INSERT INTO people VALUES (7, 'Ada');",
        &["--rename-table", "people=persons"],
    );
    assert!(hinted.contains("RENAME TO \"persons\""), "{hinted}");
    assert!(!hinted.contains("DROP TABLE"), "{hinted}");
    assert!(
        down.contains("RENAME TO \"people\""),
        "the down script renames back:\n{down}"
    );
    assert_eq!(
        p.db.scalar("SELECT id FROM persons"),
        7,
        "the rows come along with a rename"
    );
}
