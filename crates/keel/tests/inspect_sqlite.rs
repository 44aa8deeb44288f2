//! `Connection::inspect` on SQLite: what the canonical model captures, and that the same
//! schema always gives the same bytes however it was built.
//!
//! Assertions read the snapshot's JSON (`schema.json`'s exact form), so every fact checked
//! here is one a user of `keel snapshot` sees.

use keel_driver::InspectOptions;
use keel_testkit::{Engine, TestDb};
use serde_json::{json, Value};

/// A fresh database with `sql` (several statements) applied.
fn build(sql: &str) -> TestDb {
    let db = TestDb::new(Engine::Sqlite);
    run(&db, sql);
    db
}

fn run(db: &TestDb, sql: &str) {
    let mut conn = db.connect();
    for statement in keel_sql::split(sql, keel_sql::Dialect::Sqlite).expect("split") {
        conn.execute(&statement.text)
            .unwrap_or_else(|e| panic!("{e}\n{}", statement.text));
    }
}

fn inspect_with(db: &TestDb, options: &InspectOptions) -> String {
    db.connect().inspect(options).expect("inspect").to_json()
}

/// The snapshot text with default options.
fn snapshot(db: &TestDb) -> String {
    inspect_with(db, &InspectOptions::default())
}

/// The snapshot as JSON.
fn model(db: &TestDb) -> Value {
    serde_json::from_str(&snapshot(db)).expect("snapshot is JSON")
}

fn table<'a>(m: &'a Value, name: &str) -> &'a Value {
    let t = &m["schemas"]["main"]["tables"][name];
    assert!(t.is_object(), "table {name} missing from {m:#}");
    t
}

fn column<'a>(m: &'a Value, t: &str, name: &str) -> &'a Value {
    table(m, t)["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("column {t}.{name} missing"))
}

/// The single entry of `map` whose key starts with `auto:`, with its key.
fn only_auto(map: &Value) -> (String, Value) {
    let autos: Vec<(&String, &Value)> = map
        .as_object()
        .expect("map")
        .iter()
        .filter(|(k, _)| k.starts_with("auto:"))
        .collect();
    assert_eq!(autos.len(), 1, "expected one auto-keyed entry in {map:#}");
    (autos[0].0.clone(), autos[0].1.clone())
}

fn is_auto_key(key: &str) -> bool {
    key.len() == "auto:".len() + 12
        && key.starts_with("auto:")
        && key[5..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

const FIXTURE: &str = "
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(255) NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',
  score REAL DEFAULT 0.5,
  is_admin BOOLEAN NOT NULL DEFAULT FALSE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT (datetime('now')),
  avatar BLOB,
  manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT users_email_unique UNIQUE (email),
  CONSTRAINT users_score_range CHECK (score BETWEEN 0 AND 1)
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  owner_id INTEGER NOT NULL,
  CONSTRAINT fk_teams_owner FOREIGN KEY (owner_id) REFERENCES members (id)
    DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams ON DELETE CASCADE ON UPDATE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users,
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
  UNIQUE (team_id, user_id)
);
CREATE TABLE settings (
  key TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT 'global',
  value ANY,
  PRIMARY KEY (key, scope)
) WITHOUT ROWID, STRICT;
CREATE TABLE line_items (
  id INTEGER PRIMARY KEY,
  qty INTEGER NOT NULL,
  unit_price NUMERIC(10, 2) NOT NULL,
  total NUMERIC(10,2) GENERATED ALWAYS AS (qty * unit_price) STORED,
  label TEXT AS (upper(substr('item', 1, 4))) VIRTUAL,
  CHECK (qty > 0)
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
CREATE INDEX users_recent ON users (created_at DESC, name COLLATE NOCASE)
  WHERE manager_id IS NOT NULL;
CREATE INDEX members_role ON members (role);
CREATE VIEW team_sizes AS
  SELECT t.name, count(*) AS members FROM teams t JOIN members m ON m.team_id = t.id GROUP BY t.name;
CREATE TRIGGER users_touch AFTER UPDATE OF email ON users FOR EACH ROW
BEGIN
  UPDATE users SET updated_at = datetime('now') WHERE id = NEW.id;
END;
";

/// The fixture again: tables in reverse order (children before parents) and the other
/// statements reordered, keywords in other cases, other whitespace,
/// comments, constraints moved between column and table level, explicit parent columns and
/// redundant parentheses — the same schema to SQLite.
const FIXTURE_REWRITTEN: &str = "
create table line_items(id integer primary key, qty integer not null check(qty>0),
  unit_price numeric( 10 ,2 ) not null,
  total NUMERIC(10,2) as ((qty*unit_price)) stored,
  label text generated always as (upper(substr('item',1,4))));
create table settings(key text not null, scope text not null default ('global'), value any,
  primary key(key, scope)) strict, without rowid;
create table members(id integer primary key,
  team_id integer not null,
  user_id integer not null references users(id),
  role text not null default 'member',
  unique(team_id, user_id),
  check (role in ('owner','member')),
  foreign key (team_id) references teams(id) on update cascade on delete cascade);
create table teams(id integer primary key, name text not null, owner_id integer not null,
  unique (name),
  constraint fk_teams_owner foreign key(owner_id) references members deferrable initially deferred);
create table users(
  id integer primary key autoincrement, -- the rowid
  email varchar(255) not null collate nocase constraint users_email_unique unique,
  name text not null default (''),
  score real default (0.5),
  is_admin boolean not null default false,
  created_at datetime not null default (current_timestamp),
  updated_at datetime default (DATETIME('now')),
  avatar blob,
  manager_id integer,
  /* self reference */ foreign key (manager_id) references users on delete set null,
  constraint users_score_range check(score between 0 and 1));
create trigger users_touch after update of email on users
begin update users   set updated_at=DATETIME( 'now' ) where id=new.id ; end;
create view team_sizes as select t.name,COUNT(*) as members
  from teams t join members m on m.team_id=t.id group by t.name;
create index members_role on members(role);
create index users_recent on users(created_at desc,name collate nocase) where (manager_id is not null);
create unique index users_email_lower on users((LOWER(email)));
";

#[test]
fn fixture_schema_is_modelled_in_full() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(FIXTURE);
    let m = model(&db);
    assert_eq!(m["engine"], "sqlite");
    assert!(m["server"]["version"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        m["schemas"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["main"]
    );
    let tables: Vec<&String> = m["schemas"]["main"]["tables"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        tables,
        ["line_items", "members", "settings", "teams", "users"],
        "sqlite_sequence is volatile and left out"
    );
    assert!(m.get("unsupported").is_none(), "{m:#}");

    // Columns: declared types, nullability, defaults by kind, identity, collation.
    assert_eq!(
        column(&m, "users", "id"),
        &json!({"name": "id", "type": "integer", "identity": {"kind": "rowid", "autoincrement": true}})
    );
    assert_eq!(
        column(&m, "users", "email"),
        &json!({"name": "email", "type": "varchar(255)", "collation": "nocase"})
    );
    assert_eq!(
        column(&m, "users", "name")["default"],
        json!({"kind": "literal", "value": ""})
    );
    assert_eq!(
        column(&m, "users", "score"),
        &json!({"name": "score", "type": "real", "nullable": true,
                "default": {"kind": "literal", "value": "0.5"}})
    );
    assert_eq!(
        column(&m, "users", "is_admin")["default"],
        json!({"kind": "literal", "value": "false"})
    );
    assert_eq!(
        column(&m, "users", "created_at")["default"],
        json!({"kind": "current_timestamp"})
    );
    assert_eq!(
        column(&m, "users", "updated_at")["default"],
        json!({"kind": "expression", "sql": "datetime('now')"})
    );
    assert_eq!(
        column(&m, "users", "avatar"),
        &json!({"name": "avatar", "type": "blob", "nullable": true})
    );
    assert_eq!(
        column(&m, "teams", "id")["identity"],
        json!({"kind": "rowid"}),
        "a rowid alias without AUTOINCREMENT"
    );
    assert_eq!(
        table(&m, "users")["primary_key"],
        json!({"columns": ["id"]})
    );

    // Indexes: constraint vs index, expression, DESC, collation, partial.
    let users_ix = &table(&m, "users")["indexes"];
    assert_eq!(
        users_ix["users_email_unique"],
        json!({"unique": true, "kind": "unique_constraint", "parts": [{"column": "email"}], "implicit": true})
    );
    assert_eq!(
        users_ix["users_email_lower"],
        json!({"unique": true, "parts": [{"expression": "lower(email)"}]})
    );
    assert_eq!(
        users_ix["users_recent"],
        json!({"parts": [{"column": "created_at", "descending": true}, {"column": "name", "collation": "nocase"}],
               "predicate": "manager_id IS NOT NULL"})
    );
    assert_eq!(
        users_ix.as_object().unwrap().len(),
        3,
        "the PK autoindex is never listed: {users_ix:#}"
    );
    let (key, unique_name) = only_auto(&table(&m, "teams")["indexes"]);
    assert!(is_auto_key(&key), "{key}");
    assert_eq!(
        unique_name,
        json!({"unique": true, "kind": "unique_constraint", "parts": [{"column": "name"}],
               "implicit": true, "auto_named": true})
    );

    // Foreign keys: self reference, cycle, shorthand, actions, deferral.
    let (_, self_fk) = only_auto(&table(&m, "users")["foreign_keys"]);
    assert_eq!(
        self_fk,
        json!({"columns": ["manager_id"], "ref_table": "users", "ref_columns": ["id"],
               "on_delete": "set null", "auto_named": true})
    );
    assert_eq!(
        table(&m, "teams")["foreign_keys"]["fk_teams_owner"],
        json!({"columns": ["owner_id"], "ref_table": "members", "ref_columns": ["id"],
               "deferrable": "initially_deferred"})
    );
    let member_fks: Vec<&Value> = table(&m, "members")["foreign_keys"]
        .as_object()
        .unwrap()
        .values()
        .collect();
    assert_eq!(member_fks.len(), 2);
    assert!(member_fks.contains(&&json!({"columns": ["team_id"], "ref_table": "teams",
        "ref_columns": ["id"], "on_delete": "cascade", "on_update": "cascade", "auto_named": true})));
    assert!(
        member_fks.contains(&&json!({"columns": ["user_id"], "ref_table": "users",
        "ref_columns": ["id"], "auto_named": true}))
    );

    // CHECK constraints, named and unnamed.
    assert_eq!(
        table(&m, "users")["checks"]["users_score_range"],
        json!({"expression": "score BETWEEN 0 AND 1"})
    );
    let (_, role_check) = only_auto(&table(&m, "members")["checks"]);
    assert_eq!(
        role_check,
        json!({"expression": "role IN ('owner', 'member')", "auto_named": true})
    );

    // Table options and a composite key; WITHOUT ROWID keys are never NULL.
    let settings = table(&m, "settings");
    assert_eq!(
        settings["options"],
        json!({"strict": true, "without_rowid": true})
    );
    assert_eq!(
        settings["primary_key"],
        json!({"columns": ["key", "scope"]})
    );
    assert_eq!(
        column(&m, "settings", "value"),
        &json!({"name": "value", "type": "any", "nullable": true})
    );

    // Generated columns.
    assert_eq!(
        column(&m, "line_items", "unit_price")["type"],
        "numeric(10,2)"
    );
    assert_eq!(
        column(&m, "line_items", "total")["generated"],
        json!({"expression": "qty * unit_price", "stored": true})
    );
    assert_eq!(
        column(&m, "line_items", "label")["generated"],
        json!({"expression": "upper(substr('item', 1, 4))"})
    );

    // Views and triggers.
    assert_eq!(
        m["schemas"]["main"]["views"]["team_sizes"],
        json!({"definition": "SELECT t.name, count(*) AS members FROM teams t JOIN members m ON m.team_id = t.id GROUP BY t.name"})
    );
    assert_eq!(
        m["schemas"]["main"]["triggers"]["users.users_touch"],
        json!({"table": "users", "timing": "after", "events": ["update"], "for_each_row": true,
               "definition": "CREATE TRIGGER users_touch AFTER UPDATE OF email ON users FOR EACH ROW BEGIN UPDATE users SET updated_at = datetime('now') WHERE id = NEW.id; END"})
    );
}

#[test]
fn inspecting_twice_gives_identical_bytes() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(FIXTURE);
    let first = snapshot(&db);
    assert_eq!(first, snapshot(&db));
    assert!(first.ends_with("}\n") && first.contains("\n  \"engine\": \"sqlite\""));
}

#[test]
fn statement_order_and_spelling_do_not_change_the_snapshot() {
    if !Engine::Sqlite.available() {
        return;
    }
    let a = build(FIXTURE);
    let b = build(FIXTURE_REWRITTEN);
    assert_eq!(snapshot(&a), snapshot(&b));
}

#[test]
fn genuinely_different_schemas_give_different_snapshots() {
    if !Engine::Sqlite.available() {
        return;
    }
    let base = "CREATE TABLE p (id INTEGER PRIMARY KEY);
        CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT 'x', p_id INTEGER REFERENCES p (id), CHECK (a <> ''));
        CREATE INDEX t_a ON t (a);";
    let reference = snapshot(&build(base));
    let variants = [
        base.replace("DEFAULT 'x'", "DEFAULT 'y'"),
        base.replace("DEFAULT 'x'", "DEFAULT ('x' || '')"),
        base.replace("TEXT", "VARCHAR(10)"),
        base.replace(
            "INTEGER PRIMARY KEY);",
            "INTEGER PRIMARY KEY AUTOINCREMENT);",
        ),
        base.replace("REFERENCES p (id)", "REFERENCES p (id) ON DELETE CASCADE"),
        base.replace(
            "REFERENCES p (id)",
            "REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED",
        ),
        base.replace("CHECK (a <> '')", "CHECK (a <> 'z')"),
        base.replace("CHECK (a <> '')", "CONSTRAINT a_set CHECK (a <> '')"),
        base.replace("t (a)", "t (a DESC)"),
        base.replace("t (a)", "t (a COLLATE NOCASE)"),
        base.replace("t (a)", "t (a) WHERE a IS NOT NULL"),
        base.replace("CREATE INDEX", "CREATE UNIQUE INDEX"),
        base.replace("a TEXT", "a TEXT NOT NULL"),
        base.replace("a TEXT", "a TEXT COLLATE RTRIM"),
    ];
    for variant in variants {
        assert_ne!(reference, snapshot(&build(&variant)), "{variant}");
    }
}

#[test]
fn excluded_tables_are_left_out_entirely() {
    if !Engine::Sqlite.available() {
        return;
    }
    let schema = "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);";
    let db = build(schema);
    run(
        &db,
        "CREATE TABLE keel_migrations (id TEXT PRIMARY KEY, name TEXT, batch INTEGER);
         CREATE INDEX keel_migrations_batch ON keel_migrations (batch);
         CREATE TRIGGER keel_migrations_guard BEFORE DELETE ON keel_migrations BEGIN SELECT 1; END;
         INSERT INTO keel_migrations VALUES ('0001', 'create_posts', 1);",
    );
    let options = InspectOptions {
        exclude: vec!["keel_migrations".into()],
        protect: vec!["keel_migrations".into()],
    };
    let text = inspect_with(&db, &options);
    assert!(!text.contains("keel_migrations"), "{text}");
    assert_eq!(text, snapshot(&build(schema)));
    assert!(snapshot(&db).contains("keel_migrations"));
}

#[test]
fn protected_rows_are_captured_sorted_by_primary_key() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(
        "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT, note TEXT, payload BLOB, weight REAL);
         INSERT INTO roles VALUES (3, 'Zoë 日本語', '', X'00FF10', 0.1);
         INSERT INTO roles VALUES (1, 'admin', NULL, NULL, 2.0);
         INSERT INTO roles VALUES (2, 'editor', 'it''s', X'', -1.5e-7);
         CREATE TABLE tags (label TEXT, n INTEGER);
         INSERT INTO tags VALUES ('b', 2), ('a', 9), ('a', 1), (NULL, 0);
         CREATE TABLE config (k TEXT, scope TEXT, v TEXT, PRIMARY KEY (scope, k)) WITHOUT ROWID;
         INSERT INTO config VALUES ('z', 'app', '1'), ('a', 'web', '2'), ('b', 'app', '3');",
    );
    let options = InspectOptions {
        exclude: vec![],
        protect: vec![
            "roles".into(),
            "tags".into(),
            "config".into(),
            "missing".into(),
        ],
    };
    let m: Value = serde_json::from_str(&inspect_with(&db, &options)).unwrap();
    assert_eq!(
        m["data"]["main.roles"],
        json!({
            "columns": ["id", "name", "note", "payload", "weight"],
            "rows": [
                ["1", "admin", null, null, "2.0"],
                ["2", "editor", "it's", "", "-1.5e-7"],
                ["3", "Zoë 日本語", "", "00ff10", "0.1"],
            ]
        })
    );
    assert_eq!(
        m["data"]["main.tags"]["rows"],
        json!([[null, "0"], ["a", "1"], ["a", "9"], ["b", "2"]]),
        "no primary key: sorted by every column"
    );
    assert_eq!(
        m["data"]["main.config"]["rows"],
        json!([["b", "app", "3"], ["z", "app", "1"], ["a", "web", "2"]]),
        "sorted by the key's columns in key order"
    );
    assert_eq!(m["data"].as_object().unwrap().len(), 3);
    assert!(
        m["unsupported"].is_null(),
        "protecting a missing table is not an object"
    );
    assert_eq!(inspect_with(&db, &options), inspect_with(&db, &options));
}

/// Case 19: `REFERENCES parent` without a column list resolves to the parent's key.
#[test]
fn sqlite_fk_shorthand() {
    if !Engine::Sqlite.available() {
        return;
    }
    let parents = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
        CREATE TABLE slots (day TEXT, hour INTEGER, PRIMARY KEY (day, hour));";
    let short = build(&format!(
        "{parents} CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users,
           day TEXT, hour INTEGER, FOREIGN KEY (day, hour) REFERENCES slots);"
    ));
    let long = build(&format!(
        "{parents} CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id),
           day TEXT, hour INTEGER, FOREIGN KEY (day, hour) REFERENCES slots (day, hour));"
    ));
    let m = model(&short);
    let fks: Vec<Value> = table(&m, "posts")["foreign_keys"]
        .as_object()
        .unwrap()
        .values()
        .cloned()
        .collect();
    assert!(fks.contains(&json!({"columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"], "auto_named": true})));
    assert!(fks.contains(&json!({"columns": ["day", "hour"], "ref_table": "slots", "ref_columns": ["day", "hour"], "auto_named": true})));
    assert_eq!(snapshot(&short), snapshot(&long));
}

/// Case 20: names of FKs, CHECKs and UNIQUE constraints, and AUTOINCREMENT, exist only in the
/// CREATE text — found through comments and every quoting style.
#[test]
fn sqlite_names_from_sql_text() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, code TEXT);
         CREATE TABLE \"order items\" (
           \"id\" INTEGER PRIMARY KEY AUTOINCREMENT, -- the key, (with commas) CONSTRAINT x
           [order id] INTEGER CONSTRAINT \"fk, order\" REFERENCES \"orders\" (\"id\") ON DELETE CASCADE,
           `qty` INTEGER CONSTRAINT [qty positive] CHECK (`qty` > 0 /* not ) zero */),
           note TEXT CHECK (note <> 'CONSTRAINT x CHECK (1)'),
           code TEXT,
           CONSTRAINT \"uq order, qty\" UNIQUE ([order id], qty),
           CONSTRAINT 'order code' FOREIGN KEY (code) REFERENCES orders /* (code) */,
           FOREIGN KEY (qty) REFERENCES orders
         );",
    );
    let m = model(&db);
    let items = table(&m, "order items");
    assert_eq!(
        column(&m, "order items", "id")["identity"],
        json!({"kind": "rowid", "autoincrement": true})
    );
    assert_eq!(
        column(&m, "orders", "id")["identity"],
        json!({"kind": "rowid"})
    );
    let fks = items["foreign_keys"].as_object().unwrap();
    assert_eq!(
        fks["fk, order"],
        json!({"columns": ["order id"], "ref_table": "orders", "ref_columns": ["id"], "on_delete": "cascade"})
    );
    assert_eq!(
        fks["order code"],
        json!({"columns": ["code"], "ref_table": "orders", "ref_columns": ["id"]})
    );
    let (key, qty_fk) = only_auto(&items["foreign_keys"]);
    assert!(is_auto_key(&key), "{key}");
    assert_eq!(
        qty_fk,
        json!({"columns": ["qty"], "ref_table": "orders", "ref_columns": ["id"], "auto_named": true})
    );
    assert_eq!(
        items["checks"]["qty positive"],
        json!({"expression": "qty > 0"})
    );
    let (_, note_check) = only_auto(&items["checks"]);
    assert_eq!(
        note_check,
        json!({"expression": "note <> 'CONSTRAINT x CHECK (1)'", "auto_named": true})
    );
    assert_eq!(
        items["indexes"]["uq order, qty"],
        json!({"unique": true, "kind": "unique_constraint",
               "parts": [{"column": "order id"}, {"column": "qty"}], "implicit": true})
    );
    assert_eq!(items["indexes"].as_object().unwrap().len(), 1);
}

/// Two ways of saying UNIQUE give the same model; a UNIQUE constraint and a unique index are
/// different things (atlas#1023's lesson, on SQLite), and the constraint's key does not depend
/// on SQLite's autoindex numbering.
#[test]
fn unique_constraint_is_distinguished_from_unique_index() {
    if !Engine::Sqlite.available() {
        return;
    }
    let column_level =
        build("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT UNIQUE);");
    let table_level =
        build("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, UNIQUE (b), UNIQUE (a));");
    let index = build(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT UNIQUE);
         CREATE UNIQUE INDEX t_a ON t (a);",
    );
    assert_eq!(snapshot(&column_level), snapshot(&table_level));
    assert_ne!(snapshot(&column_level), snapshot(&index));
    let m = model(&index);
    assert_eq!(
        table(&m, "t")["indexes"]["t_a"],
        json!({"unique": true, "parts": [{"column": "a"}]})
    );
}

/// Case 21: a 12-step rebuild (new table, copy, drop, rename, recreate dependants) that
/// changes a column type leaves exactly the snapshot of the target schema.
#[test]
fn sqlite_rebuild_with_dependants() {
    if !Engine::Sqlite.available() {
        return;
    }
    let dependants = "
        CREATE INDEX posts_title ON posts (title);
        CREATE TRIGGER posts_audit AFTER DELETE ON posts BEGIN DELETE FROM comments WHERE post_id = OLD.id; END;
        CREATE VIEW post_titles AS SELECT id, title FROM posts;";
    let comments = "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE);";
    let db = build(&format!(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(50) NOT NULL, body TEXT);
         {comments} {dependants}
         INSERT INTO posts VALUES (1, 'hello', 'world');
         INSERT INTO comments VALUES (1, 1);"
    ));
    run(
        &db,
        &format!(
            "PRAGMA foreign_keys = OFF;
             BEGIN;
             DROP VIEW post_titles;
             CREATE TABLE new_posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, body TEXT);
             INSERT INTO new_posts SELECT id, title, body FROM posts;
             DROP TABLE posts;
             ALTER TABLE new_posts RENAME TO posts;
             {dependants}
             COMMIT;"
        ),
    );
    assert!(db.query("PRAGMA foreign_key_check").is_empty());
    let target = build(&format!(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, body TEXT);
         {comments} {dependants}"
    ));
    assert_eq!(snapshot(&db), snapshot(&target));
    assert_eq!(
        column(&model(&db), "posts", "title")["type"],
        "varchar(200)"
    );
}

/// Case 22: what ALTER TABLE ADD COLUMN may add reads back exactly like the same column in
/// CREATE TABLE; what it may not add to a table with rows (a CURRENT_TIMESTAMP default, a
/// STORED generated column, NOT NULL without a default) needs a rebuild — SQLite refuses it.
#[test]
fn sqlite_add_column_limits() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
         INSERT INTO users (name) VALUES ('ada');
         ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
         ALTER TABLE users ADD COLUMN upper_name TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL;
         ALTER TABLE users ADD COLUMN team_id INTEGER REFERENCES users (id);",
    );
    let direct = build(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, active INTEGER NOT NULL DEFAULT 1,
           upper_name TEXT AS (upper(name)), team_id INTEGER REFERENCES users (id));",
    );
    assert_eq!(snapshot(&db), snapshot(&direct));
    let mut conn = db.connect();
    for refused in [
        "ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP",
        "ALTER TABLE users ADD COLUMN n2 TEXT AS (name || name) STORED",
        "ALTER TABLE users ADD COLUMN required TEXT NOT NULL",
    ] {
        assert!(conn.execute(refused).is_err(), "{refused}");
    }
}

/// Case 23: mutual foreign keys plus a self reference are modelled whichever table came
/// first.
#[test]
fn fk_cycle_and_self_reference() {
    if !Engine::Sqlite.available() {
        return;
    }
    let a = "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id), parent_id INTEGER REFERENCES a (id));";
    let b = "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));";
    let ab = build(&format!("{a} {b}"));
    let ba = build(&format!("{b} {a}"));
    assert_eq!(snapshot(&ab), snapshot(&ba));
    let m = model(&ab);
    let targets = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = table(&m, t)["foreign_keys"]
            .as_object()
            .unwrap()
            .values()
            .map(|fk| format!("{}->{}", fk["columns"][0], fk["ref_table"]))
            .collect();
        v.sort();
        v
    };
    assert_eq!(targets("a"), ["\"b_id\"->\"b\"", "\"parent_id\"->\"a\""]);
    assert_eq!(targets("b"), ["\"a_id\"->\"a\""]);
}

/// Case 24 (the introspection half): a column renamed in place reads back exactly like a
/// table created with the new name — SQLite's rewrite of dependants (quoted names) leaves no
/// phantom difference — and differs from the old one.
#[test]
fn rename_requires_hint() {
    if !Engine::Sqlite.available() {
        return;
    }
    let schema = |col: &str| {
        format!(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE t (id INTEGER PRIMARY KEY, {col} INTEGER REFERENCES p (id), CHECK ({col} > 0));
             CREATE INDEX t_ix ON t ({col}) WHERE {col} > 1;
             CREATE VIEW v AS SELECT {col} FROM t;
             CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT NEW.{col}; END;"
        )
    };
    let db = build(&schema("qty"));
    let before = snapshot(&db);
    run(&db, "ALTER TABLE t RENAME COLUMN qty TO amount;");
    let after = snapshot(&db);
    assert_ne!(before, after);
    assert_eq!(after, snapshot(&build(&schema("amount"))));
}

/// Case 25: inspecting twice gives the same bytes, volatile counters never show, and a
/// database restored from a dump of the schema's SQL gives the live snapshot exactly.
#[test]
fn deterministic_snapshot_and_replay() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(FIXTURE);
    let before = snapshot(&db);
    assert_eq!(before, snapshot(&db));
    run(
        &db,
        "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');
         DELETE FROM users;
         ANALYZE;",
    );
    assert!(db.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'users'") == 2);
    let after = snapshot(&db);
    assert_eq!(
        before, after,
        "autoincrement counters and statistics are not modelled"
    );
    assert!(!after.contains("sqlite_"));

    // Restore from a dump: sqlite_schema's SQL, tables first, as `sqlite3 .dump` writes it.
    let dump: Vec<String> = db
        .query(
            "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
             ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name",
        )
        .into_iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect();
    let restored = build(&dump.join("\n"));
    assert_eq!(snapshot(&restored), before);
}

/// Objects keel cannot model are listed, never silently dropped: a virtual table and its
/// shadow tables, conflict clauses, a view's column list, a descending primary key.
#[test]
fn unsupported_objects_are_listed() {
    if !Engine::Sqlite.available() {
        return;
    }
    let db = build(
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL ON CONFLICT REPLACE);
         CREATE VIRTUAL TABLE docs_fts USING fts5(body);
         CREATE VIEW doc_ids (doc) AS SELECT id FROM docs;
         CREATE TABLE ordered (k TEXT, PRIMARY KEY (k DESC)) WITHOUT ROWID;",
    );
    let m = model(&db);
    let tables: Vec<&String> = m["schemas"]["main"]["tables"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(tables, ["docs", "ordered"]);
    let listed: Vec<(String, String)> = m["unsupported"]
        .as_array()
        .expect("unsupported list")
        .iter()
        .map(|u| {
            (
                u["object"].as_str().unwrap().to_string(),
                u["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        ("main.docs_fts", "virtual table"),
        ("main.docs_fts_config", "shadow table"),
        ("main.docs_fts_content", "shadow table"),
        ("main.docs_fts_data", "shadow table"),
        ("main.docs_fts_docsize", "shadow table"),
        ("main.docs_fts_idx", "shadow table"),
        ("docs.body", "conflict clause"),
        ("main.doc_ids", "view column list"),
        ("ordered.primary_key", "primary key order"),
    ] {
        assert!(
            listed.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not in {listed:?}"
        );
    }
    let virtual_table = m["unsupported"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "virtual table")
        .unwrap();
    assert!(virtual_table["reason"]
        .as_str()
        .unwrap()
        .contains("USING fts5(body)"));
    assert_eq!(snapshot(&db), snapshot(&db));
}
