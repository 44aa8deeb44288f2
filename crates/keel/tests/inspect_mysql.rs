//! `Connection::inspect` on MySQL 8 / MariaDB: what lands in keel's canonical model, and that
//! the same schema always gives the same `schema.json` bytes — whatever order or spelling
//! built it, and however often it is read. Guide section 12.4 cases are named tests.

use std::process::{Command, Stdio};

use keel_driver::{Connection, Flavor, InspectOptions};
use keel_testkit::{Engine, TestDb};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// helpers

/// Runs each statement on one connection (bodies may contain `;`, so no splitting).
#[track_caller]
fn run(db: &TestDb, statements: &[&str]) {
    let mut conn = db.connect();
    for sql in statements {
        conn.execute(sql)
            .unwrap_or_else(|e| panic!("statement failed: {e}\n{sql}"));
    }
}

fn inspect_with(db: &TestDb, options: &InspectOptions) -> String {
    db.connect()
        .inspect(options)
        .unwrap_or_else(|e| panic!("inspect failed: {e}"))
        .to_json()
}

fn inspect(db: &TestDb) -> String {
    inspect_with(db, &InspectOptions::default())
}

fn model(db: &TestDb) -> Value {
    serde_json::from_str(&inspect(db)).expect("snapshot is JSON")
}

/// A fresh database holding `statements`.
fn database(statements: &[&str]) -> TestDb {
    let db = TestDb::new(Engine::Mysql);
    run(&db, statements);
    db
}

fn is_mariadb(db: &TestDb) -> bool {
    db.connect().server().flavor == Flavor::Mariadb
}

fn table<'a>(m: &'a Value, name: &str) -> &'a Value {
    let t = &m["schemas"]["main"]["tables"][name];
    assert!(t.is_object(), "no table {name} in\n{m:#}");
    t
}

fn column<'a>(m: &'a Value, table_name: &str, name: &str) -> &'a Value {
    table(m, table_name)["columns"]
        .as_array()
        .and_then(|cols| cols.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no column {table_name}.{name} in\n{m:#}"))
}

fn index<'a>(m: &'a Value, table_name: &str, name: &str) -> &'a Value {
    let i = &table(m, table_name)["indexes"][name];
    assert!(i.is_object(), "no index {table_name}.{name} in\n{m:#}");
    i
}

/// Equal snapshots, or a failure that shows the first differing line in context.
#[track_caller]
fn assert_same(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let l: Vec<&str> = left.lines().collect();
    let r: Vec<&str> = right.lines().collect();
    let at = l
        .iter()
        .zip(&r)
        .position(|(a, b)| a != b)
        .unwrap_or(l.len().min(r.len()));
    let from = at.saturating_sub(8);
    panic!(
        "{what}: snapshots differ at line {}\n--- left\n{}\n--- right\n{}",
        at + 1,
        l[from..(at + 8).min(l.len())].join("\n"),
        r[from..(at + 8).min(r.len())].join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// the fixture: a realistic schema touching everything the model holds for this engine

const ACCOUNTS: &str = "CREATE TABLE accounts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(190) NOT NULL,
    display_name VARCHAR(100) COLLATE utf8mb4_bin DEFAULT 'anon' COMMENT 'shown to others',
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    level TINYINT UNSIGNED NOT NULL DEFAULT '3',
    badge INT(4) ZEROFILL,
    born YEAR(4),
    balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,
    ratio DOUBLE,
    prefs JSON,
    status ENUM('active','suspended','it''s') NOT NULL DEFAULT 'active',
    roles SET('admin','editor'),
    avatar VARBINARY(16) DEFAULT 'abc',
    created_at DATETIME(2) NOT NULL DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2),
    deleted_at TIMESTAMP NULL DEFAULT NULL,
    email_domain VARCHAR(190) AS (SUBSTRING_INDEX(email, '@', -1)) VIRTUAL,
    email_length INT AS (CHAR_LENGTH(email)) STORED,
    bio TEXT,
    token CHAR(36) DEFAULT (UUID()),
    pinned_post_id INT NULL,
    CONSTRAINT balance_non_negative CHECK (balance >= 0),
    CONSTRAINT accounts_email_unique UNIQUE (email),
    KEY accounts_name_prefix (display_name(10)) COMMENT 'search by name',
    KEY (status, created_at DESC),
    FULLTEXT KEY accounts_bio_fulltext (bio)
) ENGINE=InnoDB COMMENT='people who log in'";

const POSTS: &str = "CREATE TABLE posts (
    id INT NOT NULL AUTO_INCREMENT,
    account_id BIGINT UNSIGNED NOT NULL,
    parent_id INT NULL,
    title VARCHAR(200) NOT NULL,
    body MEDIUMTEXT,
    PRIMARY KEY (id),
    CONSTRAINT posts_parent_fk FOREIGN KEY (parent_id) REFERENCES posts (id) ON DELETE SET NULL ON UPDATE CASCADE,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) DEFAULT CHARSET=latin1 COLLATE=latin1_general_ci";

const PINNED_FK: &str = "ALTER TABLE accounts ADD CONSTRAINT accounts_pinned_post_fk \
    FOREIGN KEY (pinned_post_id) REFERENCES posts (id) ON DELETE SET NULL";

const TAGS: &str = "CREATE TABLE tags (
    id INT NOT NULL PRIMARY KEY,
    slug VARCHAR(50) NOT NULL,
    label VARCHAR(50),
    CONSTRAINT tags_slug_unique UNIQUE (slug)
)";

const VIEW: &str = "CREATE VIEW active_accounts AS SELECT id, email FROM accounts WHERE is_active = 1 WITH CHECK OPTION";

const TRIGGER: &str = "CREATE TRIGGER posts_before_insert BEFORE INSERT ON posts FOR EACH ROW SET NEW.title = TRIM(NEW.title)";

const FUNCTION: &str =
    "CREATE FUNCTION post_count(acct BIGINT UNSIGNED) RETURNS INT READS SQL DATA \
    RETURN (SELECT COUNT(*) FROM posts WHERE account_id = acct)";

const PROCEDURE: &str = "CREATE PROCEDURE archive_account(IN acct BIGINT UNSIGNED)
BEGIN
    UPDATE accounts SET is_active = 0 WHERE id = acct;
END";

const SEQUENCE: &str = "CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 10 CACHE 50";

/// The fixture in its natural order.
fn fixture(db: &TestDb) {
    run(
        db,
        &[
            ACCOUNTS, POSTS, PINNED_FK, TAGS, VIEW, TRIGGER, FUNCTION, PROCEDURE,
        ],
    );
    if is_mariadb(db) {
        run(db, &[SEQUENCE]);
    }
}

/// The same schema, built in another order, with other spelling, whitespace and case, and a
/// unique index instead of a unique constraint (the same object on this engine). Routine and
/// trigger bodies are stored as written, so only their whitespace differs here: keel collapses
/// it, but it cannot lower-case a body without conflating case-sensitive table names.
fn fixture_reordered(db: &TestDb) {
    let mariadb = is_mariadb(db);
    if mariadb {
        run(
            db,
            &["create sequence invoice_numbers increment by 10 start with 1000 cache 50"],
        );
    }
    run(
        db,
        &[
            "create table tags (id integer primary key not null,\n\n  slug varchar(50) not null,   label varchar(50) null)",
            "create unique index tags_slug_unique on tags (slug)",
            "CREATE TABLE `accounts` (
               `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
               `email` varchar(190) NOT NULL,
               `display_name` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'anon' COMMENT 'shown to others',
               `is_active` tinyint(1) NOT NULL DEFAULT 1,
               `level` tinyint(3) unsigned NOT NULL DEFAULT 3,
               `badge` int(4) unsigned zerofill DEFAULT NULL,
               `born` year DEFAULT NULL,
               `balance` numeric(12,2) NOT NULL DEFAULT '0.00',
               `ratio` double precision,
               `prefs` json,
               `status` enum('active','suspended','it''s') NOT NULL DEFAULT 'active',
               `roles` set('admin','editor') DEFAULT NULL,
               `avatar` varbinary(16) DEFAULT 0x616263,
               `created_at` datetime(2) NOT NULL DEFAULT current_timestamp(2) ON UPDATE current_timestamp(2),
               `deleted_at` timestamp NULL,
               `email_domain` varchar(190) GENERATED ALWAYS AS (substring_index(`email`,'@',-1)) VIRTUAL,
               `email_length` int(11) GENERATED ALWAYS AS (char_length(`email`)) STORED,
               `bio` text,
               `token` char(36) DEFAULT (uuid()),
               `pinned_post_id` int(11) DEFAULT NULL,
               PRIMARY KEY (`id`),
               UNIQUE KEY `accounts_email_unique` (`email`),
               FULLTEXT KEY `accounts_bio_fulltext` (`bio`),
               CONSTRAINT `balance_non_negative` CHECK (`balance` >= 0)
             ) comment 'people who log in'",
            "create index status on accounts (status asc, created_at desc)",
            "create index accounts_name_prefix on accounts (display_name(10)) comment 'search by name'",
            "create table posts (id int auto_increment primary key, account_id bigint unsigned not null, \
             parent_id int, title varchar(200) not null, body mediumtext) character set latin1 collate latin1_general_ci",
            "create procedure archive_account(IN acct BIGINT UNSIGNED)\n  BEGIN\n\tUPDATE accounts   SET is_active = 0\n      WHERE id = acct;\nEND",
            "create trigger posts_before_insert before insert on posts for each row   SET NEW.title = TRIM(NEW.title)",
            "alter table accounts add constraint accounts_pinned_post_fk foreign key (pinned_post_id) references posts (id) on delete set null",
            "alter table posts add constraint posts_parent_fk foreign key (parent_id) references posts (id) on update cascade on delete set null",
            "alter table posts add foreign key (account_id) references accounts (id) on delete cascade",
            "create view active_accounts as select id, email from accounts where is_active = 1 with cascaded check option",
            "CREATE FUNCTION post_count(acct BIGINT UNSIGNED) RETURNS INT READS SQL DATA \
             RETURN (SELECT COUNT(*) FROM posts WHERE account_id = acct)",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// the model

#[test]
fn fixture_schema_is_captured_in_the_model() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = TestDb::new(Engine::Mysql);
    fixture(&db);
    let mariadb = is_mariadb(&db);
    let m = model(&db);

    assert_eq!(m["engine"], if mariadb { "mariadb" } else { "mysql" });
    assert!(m["server"]["version"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.'));
    assert_eq!(m["server"]["charset"], "utf8mb4");
    assert_eq!(m["server"]["collation"], "utf8mb4_unicode_ci");
    assert_eq!(
        m["schemas"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["main"]
    );
    assert!(m.get("unsupported").is_none(), "nothing unsupported: {m:#}");

    // Table options: the default engine and the database's charset are not repeated.
    let accounts = table(&m, "accounts");
    assert!(accounts.get("options").is_none());
    assert_eq!(accounts["comment"], "people who log in");
    assert_eq!(accounts["primary_key"], json!({"columns": ["id"]}));

    // Columns, in physical order, with canonical types.
    let names: Vec<&str> = accounts["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[..4], ["id", "email", "display_name", "is_active"]);
    assert_eq!(names.last(), Some(&"pinned_post_id"));
    assert_eq!(
        column(&m, "accounts", "id"),
        &json!({"name": "id", "type": "bigint unsigned", "identity": {"kind": "auto_increment"}})
    );
    assert_eq!(
        column(&m, "accounts", "display_name"),
        &json!({"name": "display_name", "type": "varchar(100)", "nullable": true,
                "default": {"kind": "literal", "value": "anon"},
                "collation": "utf8mb4_bin", "comment": "shown to others"})
    );
    assert_eq!(column(&m, "accounts", "is_active")["type"], "tinyint(1)");
    assert_eq!(
        column(&m, "accounts", "is_active")["default"],
        json!({"kind": "literal", "value": "1"})
    );
    assert_eq!(column(&m, "accounts", "level")["type"], "tinyint unsigned");
    assert_eq!(
        column(&m, "accounts", "badge")["type"],
        "int(4) unsigned zerofill"
    );
    assert_eq!(column(&m, "accounts", "born")["type"], "year");
    assert_eq!(
        column(&m, "accounts", "balance")["default"],
        json!({"kind": "literal", "value": "0.00"})
    );
    assert_eq!(column(&m, "accounts", "ratio")["type"], "double");
    assert_eq!(
        column(&m, "accounts", "prefs"),
        &json!({"name": "prefs", "type": "json", "nullable": true})
    );
    assert_eq!(
        column(&m, "accounts", "status")["type"],
        "enum('active','suspended','it''s')"
    );
    assert_eq!(
        column(&m, "accounts", "avatar")["default"],
        json!({"kind": "literal", "value": "0x616263"})
    );
    assert_eq!(
        column(&m, "accounts", "created_at"),
        &json!({"name": "created_at", "type": "datetime(2)",
                "default": {"kind": "current_timestamp", "precision": 2},
                "on_update": {"kind": "current_timestamp", "precision": 2}})
    );
    assert_eq!(
        column(&m, "accounts", "deleted_at"),
        &json!({"name": "deleted_at", "type": "timestamp", "nullable": true})
    );
    let domain = &column(&m, "accounts", "email_domain")["generated"];
    assert!(domain["expression"]
        .as_str()
        .unwrap()
        .contains("substring_index(`email`,'@',-1)"));
    assert!(domain.get("stored").is_none());
    assert_eq!(
        column(&m, "accounts", "email_length")["generated"],
        json!({"expression": "char_length(`email`)", "stored": true})
    );
    assert_eq!(
        column(&m, "accounts", "token")["default"],
        json!({"kind": "expression", "sql": "uuid()"})
    );

    // Checks: the JSON alias's json_valid check is part of the type, not a check.
    assert_eq!(
        accounts["checks"],
        json!({"balance_non_negative": {"expression": "`balance` >= 0"}})
    );

    // Indexes: unique, prefix, descending, fulltext, auto-named.
    assert_eq!(
        index(&m, "accounts", "accounts_email_unique"),
        &json!({"unique": true, "parts": [{"column": "email"}]})
    );
    assert_eq!(
        index(&m, "accounts", "accounts_name_prefix"),
        &json!({"parts": [{"column": "display_name", "prefix_length": 10}],
                "comment": "search by name"})
    );
    assert_eq!(
        index(&m, "accounts", "status"),
        &json!({"parts": [{"column": "status"}, {"column": "created_at", "descending": true}],
                "auto_named": true})
    );
    assert_eq!(
        index(&m, "accounts", "accounts_bio_fulltext"),
        &json!({"kind": "fulltext", "parts": [{"column": "bio"}]})
    );

    // Foreign keys: actions, self-reference, cycle, generated names, implicit indexes.
    let posts = table(&m, "posts");
    assert_eq!(
        posts["options"],
        json!({"charset": "latin1", "collation": "latin1_general_ci"})
    );
    assert!(column(&m, "posts", "title").get("charset").is_none());
    assert_eq!(
        posts["foreign_keys"]["posts_parent_fk"],
        json!({"columns": ["parent_id"], "ref_table": "posts", "ref_columns": ["id"],
                "on_delete": "set null", "on_update": "cascade"})
    );
    assert_eq!(
        posts["foreign_keys"]["posts_ibfk_1"],
        json!({"columns": ["account_id"], "ref_table": "accounts", "ref_columns": ["id"],
                "on_delete": "cascade", "auto_named": true})
    );
    assert_eq!(
        accounts["foreign_keys"]["accounts_pinned_post_fk"],
        json!({"columns": ["pinned_post_id"], "ref_table": "posts", "ref_columns": ["id"],
                "on_delete": "set null"})
    );
    assert_eq!(
        index(&m, "posts", "account_id"),
        &json!({"parts": [{"column": "account_id"}], "implicit": true, "auto_named": true})
    );
    assert_eq!(index(&m, "posts", "posts_parent_fk")["implicit"], true);
    assert_eq!(
        index(&m, "accounts", "accounts_pinned_post_fk")["implicit"],
        true
    );

    // Unique constraint = unique index on this engine.
    assert_eq!(
        index(&m, "tags", "tags_slug_unique"),
        &json!({"unique": true, "parts": [{"column": "slug"}]})
    );

    // View: no database name inside, check option kept.
    let view = &m["schemas"]["main"]["views"]["active_accounts"];
    let definition = view["definition"].as_str().unwrap();
    assert!(!definition.contains(db.name()), "{definition}");
    assert!(definition.contains("from `accounts`"), "{definition}");
    assert_eq!(view["check_option"], "cascaded");

    // Trigger.
    assert_eq!(
        m["schemas"]["main"]["triggers"]["posts.posts_before_insert"],
        json!({"table": "posts", "timing": "before", "events": ["insert"], "for_each_row": true,
                "definition": "SET NEW.title = TRIM(NEW.title)"})
    );

    // Routines: keyed by name and argument types, definitions without DEFINER.
    let routines = &m["schemas"]["main"]["routines"];
    let function = &routines["post_count(bigint unsigned)"];
    assert_eq!(function["kind"], "function");
    assert_eq!(function["language"], "sql");
    assert_eq!(function["returns"], "int");
    let text = function["definition"].as_str().unwrap();
    assert!(text.starts_with("CREATE FUNCTION `post_count`"), "{text}");
    assert!(!text.contains("DEFINER"), "{text}");
    let procedure = &routines["archive_account(bigint unsigned)"];
    assert_eq!(procedure["kind"], "procedure");
    assert!(procedure.get("returns").is_none());
    assert!(procedure["definition"]
        .as_str()
        .unwrap()
        .contains("UPDATE accounts SET is_active = 0 WHERE id = acct;"));

    // Sequences (MariaDB).
    if mariadb {
        assert_eq!(
            m["schemas"]["main"]["sequences"]["invoice_numbers"],
            json!({"type": "bigint", "start": 1000, "increment": 10, "min": 1,
                    "max": 9_223_372_036_854_775_806_i64, "cache": 50})
        );
    }
}

#[test]
fn inspecting_twice_gives_identical_bytes() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = TestDb::new(Engine::Mysql);
    fixture(&db);
    let first = inspect(&db);
    let second = inspect(&db);
    assert_same(&first, &second, "two inspections");
    assert!(first.ends_with("}\n"));
}

#[test]
fn statement_order_spelling_and_whitespace_do_not_change_the_snapshot() {
    if !Engine::Mysql.available() {
        return;
    }
    let natural = TestDb::new(Engine::Mysql);
    fixture(&natural);
    let reordered = TestDb::new(Engine::Mysql);
    fixture_reordered(&reordered);
    assert_same(
        &inspect(&natural),
        &inspect(&reordered),
        "same schema, built differently",
    );
}

#[test]
fn a_dump_restored_elsewhere_gives_the_same_snapshot() {
    if !Engine::Mysql.available() {
        return;
    }
    let source = TestDb::new(Engine::Mysql);
    fixture(&source);
    run(
        &source,
        &["INSERT INTO accounts (email) VALUES ('a@example.com'), ('b@example.com')"],
    );
    let target = TestDb::new(Engine::Mysql);
    let Some(dump) = mysql_client(&source, "mysqldump", &[], None) else {
        return; // no client tools installed: nothing to restore with
    };
    mysql_client(&target, "mysql", &[], Some(&dump)).expect("restore with the mysql client");
    assert_same(&inspect(&source), &inspect(&target), "dumped and restored");
}

/// Runs a MySQL client tool against `db` (credentials in an owner-only file); `None` when the
/// tool is not installed.
fn mysql_client(db: &TestDb, tool: &str, args: &[&str], stdin: Option<&[u8]>) -> Option<Vec<u8>> {
    let (user, password, host, port, name) = parse_url(db.url());
    let cnf = db.dir().join(format!("{tool}.cnf"));
    std::fs::write(
        &cnf,
        format!("[client]\nuser={user}\npassword={password}\nhost={host}\nport={port}\n"),
    )
    .unwrap();
    let mut command = Command::new(tool);
    command.arg(format!("--defaults-extra-file={}", cnf.display()));
    if tool == "mysqldump" {
        command.args(["--routines", "--triggers", "--events", "--skip-comments"]);
    }
    command.args(args).arg(&name);
    let mut child = match command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("{tool}: {e}"),
    };
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

/// `mysql://user:password@host:port/db` → its parts (percent-decoded).
fn parse_url(url: &str) -> (String, String, String, String, String) {
    let rest = url.split_once("://").unwrap().1;
    let (auth, location) = rest.rsplit_once('@').unwrap();
    let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
    let (hostport, name) = location.split_once('/').unwrap();
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "3306"));
    let name = name.split('?').next().unwrap();
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8(out).unwrap()
    };
    (
        decode(user),
        decode(password),
        host.to_string(),
        port.to_string(),
        decode(name),
    )
}

// ---------------------------------------------------------------------------------------------
// exclude and protect

#[test]
fn excluded_tables_are_left_out_entirely() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE keel_migrations (id VARCHAR(50) PRIMARY KEY, batch INT NOT NULL)",
        "CREATE TRIGGER keel_migrations_bi BEFORE INSERT ON keel_migrations FOR EACH ROW SET NEW.batch = NEW.batch",
        "CREATE TABLE users (id INT PRIMARY KEY)",
    ]);
    let options = InspectOptions {
        exclude: vec!["keel_migrations".into()],
        protect: vec!["keel_migrations".into()],
    };
    let text = inspect_with(&db, &options);
    assert!(!text.contains("keel_migrations"), "{text}");
    let m: Value = serde_json::from_str(&text).unwrap();
    assert!(table(&m, "users").is_object());
    assert!(inspect(&db).contains("keel_migrations"));
}

#[test]
fn protected_tables_capture_rows_sorted_by_primary_key() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE settings (
            id INT PRIMARY KEY,
            name VARCHAR(50),
            secret VARBINARY(8),
            ratio FLOAT,
            exact DOUBLE,
            amount DECIMAL(8,3),
            seen_at TIMESTAMP(3) NULL,
            flag BIT(4)
        )",
        "SET time_zone = '+05:00'",
        "INSERT INTO settings VALUES
            (10, 'ünïcödé ✓', 0x00ff10, 0.1, 0.1, 12.5, '2024-03-01 05:00:00.250', b'1010'),
            (2, '', '', 1.2345678, 1e300, -0.001, NULL, NULL),
            (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "CREATE TABLE tags_without_key (label VARCHAR(10), weight INT)",
        "INSERT INTO tags_without_key VALUES ('b', 1), ('a', 2), (NULL, 3), ('a', 1)",
    ]);
    let options = InspectOptions {
        exclude: vec![],
        protect: vec![
            "settings".into(),
            "tags_without_key".into(),
            "missing".into(),
        ],
    };
    let m: Value = serde_json::from_str(&inspect_with(&db, &options)).unwrap();
    assert_eq!(
        m["data"]["main.settings"],
        json!({
            "columns": ["id", "name", "secret", "ratio", "exact", "amount", "seen_at", "flag"],
            "rows": [
                ["2", "", "", "1.2345678", "1e300", "-0.001", null, null],
                ["7", null, null, null, null, null, null, null],
                ["10", "ünïcödé ✓", "00ff10", "0.1", "0.1", "12.500", "2024-03-01 00:00:00.250", "0a"]
            ]
        })
    );
    assert_eq!(
        m["data"]["main.tags_without_key"]["rows"],
        json!([[null, "3"], ["a", "1"], ["a", "2"], ["b", "1"]])
    );
    assert!(m["data"].get("main.missing").is_none());
}

#[test]
fn session_settings_are_restored_after_inspecting() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&["CREATE TABLE t (id INT PRIMARY KEY)"]);
    let mut conn = db.connect();
    conn.execute("SET time_zone = '+03:00', sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'")
        .unwrap();
    let read = |conn: &mut Box<dyn Connection>| {
        conn.query("SELECT @@SESSION.time_zone, @@SESSION.sql_mode", &[])
            .unwrap()
    };
    let before = read(&mut conn);
    conn.inspect(&InspectOptions::default()).unwrap();
    assert_eq!(read(&mut conn), before);
}

// ---------------------------------------------------------------------------------------------
// guide 12.4 cases

/// Case 11: `int(11)` (5.7, MariaDB) and `int` (8.0.19+) are one type; `tinyint(1)` and
/// zerofill widths stay; a non-default width is kept only as the raw spelling.
#[test]
fn mysql_display_width_versions() {
    if !Engine::Mysql.available() {
        return;
    }
    let bare = database(&[
        "CREATE TABLE t (a INT, b BIGINT UNSIGNED, c TINYINT(1), d INT(4) ZEROFILL, y YEAR)",
    ]);
    let widths = database(&[
        "CREATE TABLE t (a INT(11), b BIGINT(20) UNSIGNED, c TINYINT(1), d INT(4) ZEROFILL, y YEAR(4))",
    ]);
    assert_same(&inspect(&bare), &inspect(&widths), "default display widths");
    let m = model(&bare);
    assert_eq!(column(&m, "t", "a")["type"], "int");
    assert_eq!(column(&m, "t", "b")["type"], "bigint unsigned");
    assert_eq!(column(&m, "t", "c")["type"], "tinyint(1)");
    assert_eq!(column(&m, "t", "d")["type"], "int(4) unsigned zerofill");
    assert_eq!(column(&m, "t", "y")["type"], "year");
    for c in ["a", "b", "c", "d", "y"] {
        assert!(column(&m, "t", c).get("raw_type").is_none());
    }

    let narrow = database(&[
        "CREATE TABLE t (a INT(4), b BIGINT UNSIGNED, c TINYINT(1), d INT(4) ZEROFILL, y YEAR)",
    ]);
    let m = model(&narrow);
    assert_eq!(column(&m, "t", "a")["type"], "int");
    if is_mariadb(&narrow) {
        // MySQL 8.0.19+ forgets the width; MariaDB still shows it, and keel keeps it as raw.
        assert_eq!(column(&m, "t", "a")["raw_type"], "int(4)");
    }
}

/// Case 12: BOOLEAN is tinyint(1), whatever its default; tinyint unsigned is another type.
#[test]
fn mysql_boolean_tinyint() {
    if !Engine::Mysql.available() {
        return;
    }
    let boolean = database(&["CREATE TABLE t (a BOOLEAN DEFAULT TRUE, b TINYINT UNSIGNED)"]);
    let tinyint = database(&["CREATE TABLE t (a TINYINT(1) DEFAULT 1, b TINYINT(3) UNSIGNED)"]);
    assert_same(&inspect(&boolean), &inspect(&tinyint), "bool vs tinyint(1)");
    let five = database(&["CREATE TABLE t (a TINYINT(1) DEFAULT 5, b TINYINT UNSIGNED)"]);
    let m = model(&five);
    assert_eq!(
        column(&m, "t", "a"),
        &json!({"name": "a", "type": "tinyint(1)", "nullable": true,
                "default": {"kind": "literal", "value": "5"}})
    );
    assert_eq!(column(&m, "t", "b")["type"], "tinyint unsigned");
    let plain = database(&["CREATE TABLE t (a TINYINT DEFAULT 1, b TINYINT UNSIGNED)"]);
    assert_eq!(column(&model(&plain), "t", "a")["type"], "tinyint");
    assert_ne!(inspect(&plain), inspect(&boolean), "tinyint is not boolean");
}

/// Case 13: `CURRENT_TIMESTAMP(2)` default and ON UPDATE keep their precision.
#[test]
fn mysql_current_timestamp_precision_on_update() {
    if !Engine::Mysql.available() {
        return;
    }
    let upper = database(&[
        "CREATE TABLE t (a DATETIME(2) DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2), \
         b TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, c DATETIME DEFAULT NOW())",
    ]);
    let lower = database(&[
        "create table t (a datetime(2) default now(2) on update localtimestamp(2), \
         b timestamp not null default current_timestamp(), c datetime default current_timestamp)",
    ]);
    assert_same(
        &inspect(&upper),
        &inspect(&lower),
        "CURRENT_TIMESTAMP spellings",
    );
    let m = model(&upper);
    let precision_2 = json!({"kind": "current_timestamp", "precision": 2});
    assert_eq!(column(&m, "t", "a")["default"], precision_2);
    assert_eq!(column(&m, "t", "a")["on_update"], precision_2);
    assert_eq!(
        column(&m, "t", "b")["default"],
        json!({"kind": "current_timestamp"})
    );
    assert!(column(&m, "t", "b").get("on_update").is_none());
    assert_eq!(
        column(&m, "t", "c")["default"],
        json!({"kind": "current_timestamp"})
    );
}

/// Case 14: MariaDB quotes literal defaults, writes `current_timestamp()`, and shows `NULL`
/// for "no default"; the model is the same as for MySQL.
#[test]
fn mariadb_quoted_defaults() {
    if !Engine::Mysql.available() {
        return;
    }
    let quoted = database(&[
        "CREATE TABLE t (n INT DEFAULT '0', s VARCHAR(10) DEFAULT 0, e VARCHAR(10) DEFAULT '', \
         q VARCHAR(20) DEFAULT 'it''s \\\\ here', nul VARCHAR(10) DEFAULT NULL, txt VARCHAR(10) DEFAULT 'NULL', \
         d DECIMAL(5,2) DEFAULT '1.5', dt DATE DEFAULT '2024-01-02', bits BIT(3) DEFAULT b'101', \
         ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP, req INT NOT NULL)",
    ]);
    let bare = database(&[
        "CREATE TABLE t (n INT DEFAULT 0, s VARCHAR(10) DEFAULT '0', e VARCHAR(10) DEFAULT '', \
         q VARCHAR(20) DEFAULT 'it\\'s \\\\ here', nul VARCHAR(10), txt VARCHAR(10) DEFAULT 'NULL', \
         d DECIMAL(5,2) DEFAULT 1.50, dt DATE DEFAULT '2024-01-02', bits BIT(3) DEFAULT 5, \
         ts TIMESTAMP NULL DEFAULT current_timestamp(), req INT NOT NULL)",
    ]);
    assert_same(
        &inspect(&quoted),
        &inspect(&bare),
        "quoted vs bare defaults",
    );
    let m = model(&quoted);
    let literal = |v: &str| json!({"kind": "literal", "value": v});
    assert_eq!(column(&m, "t", "n")["default"], literal("0"));
    assert_eq!(column(&m, "t", "s")["default"], literal("0"));
    assert_eq!(column(&m, "t", "e")["default"], literal(""));
    assert_eq!(column(&m, "t", "q")["default"], literal("it's \\ here"));
    assert!(column(&m, "t", "nul").get("default").is_none());
    assert_eq!(column(&m, "t", "txt")["default"], literal("NULL"));
    assert_eq!(column(&m, "t", "d")["default"], literal("1.50"));
    assert_eq!(column(&m, "t", "dt")["default"], literal("2024-01-02"));
    assert_eq!(column(&m, "t", "bits")["default"], literal("5"));
    assert_eq!(
        column(&m, "t", "ts")["default"],
        json!({"kind": "current_timestamp"})
    );
    assert!(column(&m, "t", "req").get("default").is_none());
}

/// Case 15: the index InnoDB adds for a foreign key is marked implicit (and auto-named), so a
/// replay that lets the server add it again shows no difference; a user's own index is not.
#[test]
fn mysql_implicit_fk_index() {
    if !Engine::Mysql.available() {
        return;
    }
    let parent = "CREATE TABLE parents (id INT PRIMARY KEY)";
    let implicit = database(&[
        parent,
        "CREATE TABLE children (id INT PRIMARY KEY, parent_id INT, \
         FOREIGN KEY (parent_id) REFERENCES parents (id))",
    ]);
    let added_later = database(&[
        parent,
        "CREATE TABLE children (id INT PRIMARY KEY, parent_id INT)",
        "ALTER TABLE children ADD FOREIGN KEY (parent_id) REFERENCES parents (id)",
    ]);
    assert_same(
        &inspect(&implicit),
        &inspect(&added_later),
        "FK added inline or later",
    );
    let m = model(&implicit);
    assert_eq!(
        index(&m, "children", "parent_id"),
        &json!({"parts": [{"column": "parent_id"}], "implicit": true, "auto_named": true})
    );
    assert_eq!(
        table(&m, "children")["foreign_keys"]["children_ibfk_1"]["auto_named"],
        true
    );

    // An index the user made (another name, or wider) is not implicit.
    let own = database(&[
        parent,
        "CREATE TABLE children (id INT PRIMARY KEY, parent_id INT, born INT, \
         KEY children_parent_born (parent_id, born), \
         CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id))",
    ]);
    let m = model(&own);
    let indexes = table(&m, "children")["indexes"].as_object().unwrap();
    assert_eq!(indexes.keys().collect::<Vec<_>>(), ["children_parent_born"]);
    assert!(indexes["children_parent_born"].get("implicit").is_none());
    assert!(table(&m, "children")["foreign_keys"]["children_parent_fk"]
        .get("auto_named")
        .is_none());
}

/// Case 16: charset and collation are recorded only where they differ from what they inherit;
/// spelling them out explicitly changes nothing, a real difference shows.
#[test]
fn mysql_charset_collation_inheritance() {
    if !Engine::Mysql.available() {
        return;
    }
    let inherited = database(&[
        "CREATE TABLE t (a VARCHAR(10), b VARCHAR(10) COLLATE utf8mb4_bin)",
        "CREATE TABLE l (a VARCHAR(10)) CHARACTER SET latin1 COLLATE latin1_general_ci",
    ]);
    let explicit = database(&[
        "CREATE TABLE t (a VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, \
         b VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) \
         DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
        "CREATE TABLE l (a VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_general_ci) \
         DEFAULT CHARSET=latin1 COLLATE=latin1_general_ci",
    ]);
    assert_same(
        &inspect(&inherited),
        &inspect(&explicit),
        "inherited vs explicit",
    );
    let m = model(&inherited);
    assert!(table(&m, "t").get("options").is_none());
    assert_eq!(
        column(&m, "t", "a"),
        &json!({"name": "a", "type": "varchar(10)", "nullable": true})
    );
    assert_eq!(column(&m, "t", "b")["collation"], "utf8mb4_bin");
    assert!(column(&m, "t", "b").get("charset").is_none());
    // A non-default collation for the table's charset is recorded on the table, not the
    // column, and explicitly (never as "the charset's default").
    assert_eq!(
        table(&m, "l")["options"],
        json!({"charset": "latin1", "collation": "latin1_general_ci"})
    );
    assert!(column(&m, "l", "a").get("collation").is_none());

    let other = database(&[
        "CREATE TABLE t (a VARCHAR(10), b VARCHAR(10) COLLATE utf8mb4_general_ci)",
        "CREATE TABLE l (a VARCHAR(10)) CHARACTER SET latin1 COLLATE latin1_general_ci",
    ]);
    assert_ne!(
        inspect(&inherited),
        inspect(&other),
        "another collation is a difference"
    );
}

/// Case 18: prefix lengths are kept; unnamed functional indexes (MySQL 8) are auto-named.
#[test]
fn mysql_prefix_and_functional_index() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(190), \
         KEY people_name (name(10)), KEY (email))",
    ]);
    let m = model(&db);
    assert_eq!(
        index(&m, "people", "people_name"),
        &json!({"parts": [{"column": "name", "prefix_length": 10}]})
    );
    assert_eq!(index(&m, "people", "email")["auto_named"], true);
    let longer = database(&[
        "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(190), \
         KEY people_name (name(12)), KEY (email))",
    ]);
    assert_ne!(
        inspect(&db),
        inspect(&longer),
        "a different prefix is a difference"
    );

    if is_mariadb(&db) {
        // MariaDB has no functional key parts; the nearest thing is an index on a generated
        // column, which the model holds as a plain index on that column.
        run(
            &db,
            &[
                "ALTER TABLE people ADD COLUMN email_lower VARCHAR(190) AS (LOWER(email)) VIRTUAL",
                "CREATE INDEX people_email_lower ON people (email_lower)",
            ],
        );
        let m = model(&db);
        assert_eq!(
            column(&m, "people", "email_lower")["generated"]["expression"],
            "lcase(`email`)"
        );
        assert_eq!(
            index(&m, "people", "people_email_lower")["parts"],
            json!([{"column": "email_lower"}])
        );
    } else {
        run(
            &db,
            &[
                "CREATE INDEX people_lower ON people ((LOWER(email)))",
                "ALTER TABLE people ADD INDEX ((UPPER(name)))",
            ],
        );
        let m = model(&db);
        assert_eq!(
            index(&m, "people", "people_lower")["parts"],
            json!([{"expression": "lower(`email`)"}])
        );
        assert_eq!(index(&m, "people", "functional_index")["auto_named"], true);
    }
}

/// Case 23 (the introspection half): mutual foreign keys and a self-reference are all captured.
#[test]
fn fk_cycle_and_self_reference() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE a (id INT PRIMARY KEY, b_id INT, parent_id INT, \
         CONSTRAINT a_parent FOREIGN KEY (parent_id) REFERENCES a (id) ON DELETE CASCADE)",
        "CREATE TABLE b (id INT PRIMARY KEY, a_id INT, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id))",
        "ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id) ON UPDATE SET NULL",
    ]);
    let m = model(&db);
    assert_eq!(
        table(&m, "a")["foreign_keys"],
        json!({
            "a_b": {"columns": ["b_id"], "ref_table": "b", "ref_columns": ["id"], "on_update": "set null"},
            "a_parent": {"columns": ["parent_id"], "ref_table": "a", "ref_columns": ["id"], "on_delete": "cascade"}
        })
    );
    assert_eq!(
        table(&m, "b")["foreign_keys"]["b_a"],
        json!({"columns": ["a_id"], "ref_table": "a", "ref_columns": ["id"]})
    );
}

/// Case 25: no volatile facts (AUTO_INCREMENT counters, statistics, sequence positions), and
/// replaying the same DDL into a scratch database gives the live snapshot exactly.
#[test]
fn deterministic_snapshot_and_replay() {
    if !Engine::Mysql.available() {
        return;
    }
    let live = TestDb::new(Engine::Mysql);
    fixture(&live);
    let before = inspect(&live);
    run(
        &live,
        &[
            "INSERT INTO accounts (email) VALUES ('a@example.com'), ('b@example.com')",
            "INSERT INTO posts (account_id, title) VALUES (1, ' hello ')",
            "ANALYZE TABLE accounts, posts",
        ],
    );
    if is_mariadb(&live) {
        run(&live, &["SELECT NEXTVAL(invoice_numbers)"]);
    }
    let after = inspect(&live);
    assert_same(&before, &after, "after writes that move counters");
    assert_same(&after, &inspect(&live), "inspected again");

    let scratch = TestDb::new(Engine::Mysql);
    fixture(&scratch);
    assert_same(
        &after,
        &inspect(&scratch),
        "replayed into a scratch database",
    );
}

/// On MySQL a UNIQUE constraint and a unique index are the same object: no phantom diff.
#[test]
fn mysql_unique_constraint_is_a_unique_index() {
    if !Engine::Mysql.available() {
        return;
    }
    let constraint = database(&["CREATE TABLE t (a INT, CONSTRAINT t_a_unique UNIQUE (a))"]);
    let index = database(&[
        "CREATE TABLE t (a INT)",
        "CREATE UNIQUE INDEX t_a_unique ON t (a)",
    ]);
    assert_same(
        &inspect(&constraint),
        &inspect(&index),
        "constraint vs index",
    );
    let plain = database(&["CREATE TABLE t (a INT)", "CREATE INDEX t_a_unique ON t (a)"]);
    assert_ne!(
        inspect(&constraint),
        inspect(&plain),
        "unique vs not unique"
    );
}

/// MariaDB: column-level CHECKs are captured (named after the column, so auto-named); the
/// JSON alias's json_valid check is folded into the `json` type; a user's own json_valid check
/// on a text column is kept.
#[test]
fn column_level_checks_and_json_alias() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE t (age INT CHECK (age >= 0), doc JSON, raw TEXT, \
         CONSTRAINT raw_is_json CHECK (JSON_VALID(raw)), CHECK (age < 200))",
    ]);
    let m = model(&db);
    let checks = table(&m, "t")["checks"].as_object().unwrap().clone();
    assert_eq!(column(&m, "t", "doc")["type"], "json");
    assert!(!checks.contains_key("doc"));
    assert_eq!(checks["raw_is_json"]["expression"], "json_valid(`raw`)");
    if is_mariadb(&db) {
        assert_eq!(
            checks["age"],
            json!({"expression": "`age` >= 0", "auto_named": true})
        );
        assert_eq!(
            checks["CONSTRAINT_1"],
            json!({"expression": "`age` < 200", "auto_named": true})
        );
    } else {
        assert_eq!(checks.len(), 3);
        assert!(checks.values().filter(|c| c["auto_named"] == true).count() == 2);
    }
}

// ---------------------------------------------------------------------------------------------
// unsupported

#[test]
fn unmodelled_objects_are_listed_as_unsupported() {
    if !Engine::Mysql.available() {
        return;
    }
    let db = database(&[
        "CREATE TABLE logs (id INT NOT NULL, at DATE NOT NULL, PRIMARY KEY (id, at)) \
         PARTITION BY RANGE (YEAR(at)) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE)",
        "CREATE TABLE packed (id INT PRIMARY KEY, secret INT INVISIBLE) ROW_FORMAT=COMPRESSED",
        "CREATE EVENT purge_logs ON SCHEDULE EVERY 1 DAY DO DELETE FROM logs WHERE at < CURRENT_DATE - INTERVAL 1 YEAR",
        "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW recent_logs AS SELECT id FROM logs",
        "CREATE TRIGGER packed_bi_1 BEFORE INSERT ON packed FOR EACH ROW SET NEW.secret = 1",
        "CREATE TRIGGER packed_bi_2 BEFORE INSERT ON packed FOR EACH ROW FOLLOWS packed_bi_1 SET NEW.secret = 2",
    ]);
    let mariadb = is_mariadb(&db);
    if mariadb {
        run(
            &db,
            &[
                "CREATE TABLE audited (id INT PRIMARY KEY, note VARCHAR(10)) WITH SYSTEM VERSIONING",
                "CREATE INDEX packed_secret ON packed (secret) IGNORED",
            ],
        );
    } else {
        run(
            &db,
            &["CREATE INDEX packed_secret ON packed (secret) INVISIBLE"],
        );
    }
    let m = model(&db);
    let listed: Vec<(String, String)> = m["unsupported"]
        .as_array()
        .expect("an unsupported list")
        .iter()
        .map(|u| {
            assert!(u["reason"].as_str().is_some_and(|r| !r.is_empty()));
            (
                u["object"].as_str().unwrap().to_string(),
                u["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected = vec![
        ("logs", "partitioning"),
        ("packed", "table option"),
        ("packed.secret", "invisible column"),
        ("packed.packed_secret", "invisible index"),
        ("purge_logs", "event"),
        ("recent_logs", "view option"),
        ("packed.packed_bi_1", "trigger order"),
        ("packed.packed_bi_2", "trigger order"),
    ];
    if mariadb {
        expected.push(("audited", "system versioning"));
    }
    for (object, kind) in expected {
        assert!(
            listed.iter().any(|(o, k)| o == object && k == kind),
            "{object} ({kind}) missing from {listed:?}"
        );
    }
    // The objects are still modelled as far as the model goes.
    assert!(table(&m, "logs")["primary_key"].is_object());
    assert!(column(&m, "packed", "secret").is_object());
    assert!(m["schemas"]["main"]["views"]["recent_logs"].is_object());
    // And the list itself is deterministic.
    assert_same(&inspect(&db), &inspect(&db), "unsupported list");
}
