//! The planner's MySQL/MariaDB cases (schema-model guide §12.4: 13, 15, 17, 18, 23, 24),
//! applied for real: the generated up script must turn A into B and its down script B back
//! into A, compared by snapshot, with the rows that A held still there.

mod common;

use common::plan::{emit, run, same};
use common::{Engine, Project};

fn round_trip(a_sql: &str, b_sql: &str, seed: &str, extra: &[&str]) -> (String, String, Project) {
    common::plan::round_trip(Engine::Mysql, a_sql, b_sql, seed, extra)
        .expect("a MariaDB or MySQL server (run the tests through scripts/test)")
}

fn is_mariadb(p: &Project) -> bool {
    let rows = p.db.query("SELECT VERSION()");
    rows[0][0]
        .as_str()
        .is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"))
}

/// The statements of a script (paragraphs), without comments.
fn statements(script: &str) -> Vec<String> {
    script
        .split(";\n")
        .map(|s| {
            s.lines()
                .filter(|l| !l.starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// How many statements change (MODIFY) or move column `name`.
fn modifications(script: &str, name: &str) -> usize {
    statements(script)
        .iter()
        .filter(|s| s.contains(&format!("MODIFY COLUMN `{name}` ")))
        .count()
}

#[test]
fn mysql_column_reorder_plus_modify() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 17 (skeema#36): move `a` after `id` and widen `c` in the same diff.
    let a =
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, b INT NULL, c VARCHAR(10) NULL, a INT NULL)";
    let b =
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, c VARCHAR(40) NULL)";
    let (up, down, p) = round_trip(a, b, "INSERT INTO t VALUES (1, 2, 'x', 3)", &[]);
    assert!(up.contains("MODIFY COLUMN `a` int NULL AFTER `id`"), "{up}");
    assert!(up.contains("MODIFY COLUMN `c` varchar(40) NULL"), "{up}");
    assert_eq!(modifications(&up, "a"), 1, "{up}");
    assert_eq!(modifications(&up, "c"), 1, "{up}");
    assert_eq!(modifications(&up, "b"), 0, "b stays where it is:\n{up}");
    assert!(
        down.contains("MODIFY COLUMN `c` varchar(10) NULL"),
        "{down}"
    );
    assert_eq!(statements(&down).len(), 2, "{down}");
    assert_eq!(
        p.db.scalar("SELECT a * 100 + b FROM t WHERE id = 1"),
        302,
        "rows keep their values"
    );

    // A bigger shuffle with a drop, an addition in the middle and a change: each column is
    // written at most once, and the order comes out exact both ways (checked by round_trip).
    let a = "CREATE TABLE s (id INT NOT NULL PRIMARY KEY, a INT NULL, b INT NULL, c INT NULL, d INT NULL, e INT NULL)";
    let b = "CREATE TABLE s (e INT NULL, id INT NOT NULL PRIMARY KEY, x INT NULL, c INT NULL, a INT NULL, b BIGINT NULL)";
    let (up, down, _) = round_trip(a, b, "INSERT INTO s VALUES (1, 2, 3, 4, 5, 6)", &[]);
    for column in ["id", "a", "b", "c", "e"] {
        assert!(
            modifications(&up, column) <= 1,
            "{column} is written more than once:\n{up}"
        );
        assert!(
            modifications(&down, column) <= 1,
            "{column} is written more than once:\n{down}"
        );
    }
    assert!(up.contains("ADD COLUMN `x` int NULL AFTER `id`"), "{up}");
}

#[test]
fn fk_cycle_and_self_reference() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 23: A ↔ B plus a self-reference; created from nothing and dropped again.
    let cyclic = "CREATE TABLE a (id INT NOT NULL PRIMARY KEY, b_id INT NULL);
                  CREATE TABLE b (id INT NOT NULL PRIMARY KEY, a_id INT NULL,
                    CONSTRAINT fk_b_a FOREIGN KEY (a_id) REFERENCES a (id));
                  ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id);
                  CREATE TABLE nodes (id INT NOT NULL PRIMARY KEY, parent_id INT NULL,
                    FOREIGN KEY (parent_id) REFERENCES nodes (id) ON DELETE CASCADE);";
    let (up, down, _) = round_trip("", cyclic, "", &[]);
    let up_statements = statements(&up);
    let last_create = up_statements
        .iter()
        .rposition(|s| s.starts_with("CREATE TABLE"))
        .unwrap();
    let first_fk = up_statements
        .iter()
        .position(|s| s.contains("FOREIGN KEY"))
        .unwrap();
    assert_eq!(
        up_statements
            .iter()
            .filter(|s| s.starts_with("CREATE TABLE"))
            .count(),
        3,
        "{up}"
    );
    assert!(
        first_fk > last_create,
        "foreign keys come after every table:\n{up}"
    );
    assert!(
        !up_statements[..=last_create]
            .iter()
            .any(|s| s.contains("FOREIGN KEY")),
        "{up}"
    );
    let down_statements = statements(&down);
    let first_drop = down_statements
        .iter()
        .position(|s| s.starts_with("DROP TABLE"))
        .unwrap();
    let last_fk = down_statements
        .iter()
        .rposition(|s| s.contains("DROP FOREIGN KEY"))
        .unwrap();
    assert_eq!(
        down_statements
            .iter()
            .filter(|s| s.starts_with("DROP TABLE"))
            .count(),
        3,
        "{down}"
    );
    assert!(
        last_fk < first_drop,
        "foreign keys go before the tables:\n{down}"
    );

    // The other direction: from the cycle (with rows) to nothing and back.
    let seed = "INSERT INTO a VALUES (1, NULL); INSERT INTO b VALUES (1, 1); UPDATE a SET b_id = 1;
                INSERT INTO nodes VALUES (1, NULL), (2, 1);";
    let (up, _, _) = round_trip(cyclic, "", seed, &[]);
    assert_eq!(
        statements(&up)
            .iter()
            .filter(|s| s.starts_with("DROP TABLE"))
            .count(),
        3,
        "{up}"
    );
}

#[test]
fn rename_requires_hint() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 24 (atlas#2211, vitess#15463): a table, a column and an index renamed.
    let a = "CREATE TABLE people (id INT NOT NULL PRIMARY KEY, full_name VARCHAR(100) NULL, KEY people_name (full_name))";
    let b = "CREATE TABLE persons (id INT NOT NULL PRIMARY KEY, display_name VARCHAR(100) NULL,
               KEY persons_display_name (display_name))";
    let seed = "INSERT INTO people VALUES (7, 'Ada')";
    let (guessed, _, _) = round_trip(a, b, seed, &[]);
    assert!(
        guessed.contains("DROP TABLE `people`"),
        "no hint: drop + create:\n{guessed}"
    );
    assert!(guessed.contains("-- destructive"), "{guessed}");
    assert!(!guessed.contains("RENAME"), "{guessed}");

    // Only the table hinted: the column and the index are still dropped and added.
    let (partly, _, _) = round_trip(a, b, seed, &["--rename-table", "people=persons"]);
    assert!(partly.contains("RENAME TO `persons`"), "{partly}");
    assert!(partly.contains("DROP COLUMN `full_name`"), "{partly}");
    assert!(partly.contains("DROP INDEX `people_name`"), "{partly}");
    assert!(partly.contains("-- destructive"), "{partly}");

    let hints = [
        "--rename-table",
        "people=persons",
        "--rename-column",
        "people.full_name=display_name",
        "--rename-index",
        "people.people_name=persons_display_name",
    ];
    let (hinted, down, p) = round_trip(a, b, seed, &hints);
    let renames = statements(&hinted);
    assert_eq!(renames.len(), 3, "renames only:\n{hinted}");
    assert!(renames.iter().all(|s| s.contains("RENAME")), "{hinted}");
    assert!(
        hinted.contains("RENAME COLUMN `full_name` TO `display_name`"),
        "{hinted}"
    );
    assert!(
        hinted.contains("RENAME INDEX `people_name` TO `persons_display_name`"),
        "{hinted}"
    );
    assert!(!hinted.contains("-- destructive"), "{hinted}");
    assert!(
        down.contains("RENAME TO `people`"),
        "the down script renames back:\n{down}"
    );
    assert!(
        down.contains("RENAME INDEX `persons_display_name` TO `people_name`"),
        "{down}"
    );
    assert_eq!(statements(&down).len(), 3, "{down}");
    let rows = p.db.query("SELECT display_name FROM persons WHERE id = 7");
    assert_eq!(
        rows[0][0].as_str(),
        Some("Ada"),
        "the rows come along with a rename"
    );
}

#[test]
fn mysql_implicit_fk_index() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 15: InnoDB indexes a foreign key's column itself; keel neither creates that
    // index nor drops it while the key is there.
    let a = "CREATE TABLE owners (id INT NOT NULL PRIMARY KEY);
             CREATE TABLE pets (id INT NOT NULL PRIMARY KEY, owner_id INT NULL, vet_id INT NULL)";
    let b = "CREATE TABLE owners (id INT NOT NULL PRIMARY KEY);
             CREATE TABLE pets (id INT NOT NULL PRIMARY KEY, owner_id INT NULL, vet_id INT NULL,
               FOREIGN KEY (owner_id) REFERENCES owners (id),
               CONSTRAINT fk_pets_vet FOREIGN KEY (vet_id) REFERENCES owners (id))";
    let (up, down, p) = round_trip(
        a,
        b,
        "INSERT INTO owners VALUES (1); INSERT INTO pets VALUES (1, 1, 1)",
        &[],
    );
    assert!(
        !up.contains("INDEX") && !up.contains("KEY `"),
        "InnoDB makes the indexes:\n{up}"
    );
    assert_eq!(up.matches("FOREIGN KEY").count(), 2, "{up}");
    // The way back drops each key, then the index InnoDB left behind (A has none).
    let down_statements = statements(&down);
    let drop_fk = down_statements
        .iter()
        .position(|s| s.contains("DROP FOREIGN KEY `fk_pets_vet`"))
        .unwrap();
    let drop_ix = down_statements
        .iter()
        .position(|s| s.contains("DROP INDEX `fk_pets_vet`"))
        .unwrap();
    assert!(drop_fk < drop_ix, "{down}");

    // With the keys in place, changing one key re-adds the key only: its index stays.
    p.keel(&["snapshot", "--out", "b.json"]).expect_code(0);
    p.db.execute("ALTER TABLE pets DROP FOREIGN KEY fk_pets_vet");
    p.db.execute("ALTER TABLE pets ADD CONSTRAINT fk_pets_vet FOREIGN KEY (vet_id) REFERENCES owners (id) ON DELETE CASCADE");
    p.keel(&["snapshot", "--out", "c.json"]).expect_code(0);
    let (up, down) = emit(&p, "b.json", "c.json", &[]);
    assert!(
        !up.contains("INDEX"),
        "no index statement for the implicit index:\n{up}"
    );
    assert!(!down.contains("INDEX"), "{down}");
    assert!(
        up.contains("DROP FOREIGN KEY `fk_pets_vet`") && up.contains("ON DELETE CASCADE"),
        "{up}"
    );
    run(&p, &down);
    same(&p, "b.json", &down);
    run(&p, &up);
    same(&p, "c.json", &up);

    // Dropping a key but keeping its index (as MySQL does): nothing to do for the index.
    p.db.execute("ALTER TABLE pets DROP FOREIGN KEY fk_pets_vet");
    p.keel(&["snapshot", "--out", "d.json"]).expect_code(0);
    let (up, down) = emit(&p, "c.json", "d.json", &[]);
    assert_eq!(
        statements(&up),
        ["ALTER TABLE `pets` DROP FOREIGN KEY `fk_pets_vet`"],
        "{up}"
    );
    assert!(!down.contains("INDEX"), "{down}");
    run(&p, &down);
    same(&p, "c.json", &down);
}

#[test]
fn mysql_current_timestamp_precision_on_update() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 13 (kitloong#237): the precision is kept in DEFAULT and ON UPDATE.
    let a = "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, touched_at DATETIME(2) NULL)";
    let b = "CREATE TABLE t (id INT NOT NULL PRIMARY KEY,
               touched_at DATETIME(2) NOT NULL DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2),
               created_at TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6),
               seen_at DATETIME NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)";
    let (up, down, _) = round_trip(a, b, "", &[]);
    assert!(
        up.contains("MODIFY COLUMN `touched_at` datetime(2) NOT NULL DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2)"),
        "{up}"
    );
    assert!(
        up.contains("`created_at` timestamp(6) NULL DEFAULT CURRENT_TIMESTAMP(6)"),
        "{up}"
    );
    assert!(
        up.contains(
            "`seen_at` datetime NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"
        ),
        "{up}"
    );
    assert!(
        down.contains("MODIFY COLUMN `touched_at` datetime(2) NULL"),
        "{down}"
    );

    // And inside CREATE TABLE.
    let (up, _, _) = round_trip("", b, "", &[]);
    assert!(
        up.contains("DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2)"),
        "{up}"
    );
}

#[test]
fn mysql_prefix_and_functional_index() {
    if !Engine::Mysql.available() {
        return;
    }
    // Guide case 18: a prefix index keeps its length, an unnamed index keeps the name the
    // server gave it. MariaDB has no functional key parts: there the expression is indexed
    // through a virtual column, the MariaDB way.
    let probe = Project::new(Engine::Mysql);
    let expression = if is_mariadb(&probe) {
        "email_lower VARCHAR(255) AS (lower(email)) VIRTUAL, KEY (email_lower)"
    } else {
        "KEY ((lower(email)))"
    };
    let a = "CREATE TABLE users (id INT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(255) NOT NULL)";
    let b = format!(
        "CREATE TABLE users (id INT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(255) NOT NULL,
           {expression}, KEY (name(10)), KEY users_name_desc (name(20) DESC, id))"
    );
    let (up, down, _) = round_trip(
        a,
        &b,
        "INSERT INTO users VALUES (1, 'Ada', 'ADA@example.com')",
        &[],
    );
    assert!(
        up.contains("ADD KEY `name` (`name`(10))"),
        "the prefix is kept:\n{up}"
    );
    assert!(up.contains("(`name`(20) DESC, `id`)"), "{up}");
    if up.contains("functional_index") {
        assert!(
            up.contains("ADD KEY `functional_index` ((lower(`email`)))"),
            "{up}"
        );
    }
    assert!(down.contains("DROP INDEX `name`"), "{down}");
    let (up, _, _) = round_trip("", &b, "", &[]);
    assert!(up.contains("KEY `name` (`name`(10))"), "{up}");
}

#[test]
fn mysql_foreign_key_columns_change_type() {
    if !Engine::Mysql.available() {
        return;
    }
    // MySQL refuses to retype a column under a foreign key (either side): the key goes first
    // and comes back last. An index a staying key relies on is dropped only once its
    // replacement exists.
    let a = "CREATE TABLE parents (id INT NOT NULL PRIMARY KEY);
             CREATE TABLE children (id INT NOT NULL PRIMARY KEY, parent_id INT NOT NULL, name VARCHAR(20) NOT NULL,
               KEY idx_children_parent (parent_id),
               CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES parents (id))";
    let b = "CREATE TABLE parents (id BIGINT NOT NULL PRIMARY KEY);
             CREATE TABLE children (id INT NOT NULL PRIMARY KEY, parent_id BIGINT NOT NULL, name VARCHAR(20) NOT NULL,
               UNIQUE KEY uq_children_parent_name (parent_id, name),
               CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES parents (id))";
    let seed = "INSERT INTO parents VALUES (1); INSERT INTO children VALUES (1, 1, 'a')";
    let (up, _, p) = round_trip(a, b, seed, &[]);
    let list = statements(&up);
    let at = |needle: &str| {
        list.iter()
            .position(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{up}"))
    };
    assert!(
        at("DROP FOREIGN KEY `fk_children_parent`") < at("MODIFY COLUMN `id` bigint"),
        "{up}"
    );
    assert!(
        at("ADD CONSTRAINT `fk_children_parent`") > at("MODIFY COLUMN `parent_id` bigint"),
        "{up}"
    );
    assert!(
        at("DROP INDEX `idx_children_parent`") > at("ADD UNIQUE KEY `uq_children_parent_name`"),
        "{up}"
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM children"), 1);

    // Without the key being dropped, the index swap alone must wait for its replacement.
    let b2 = "CREATE TABLE parents (id INT NOT NULL PRIMARY KEY);
              CREATE TABLE children (id INT NOT NULL PRIMARY KEY, parent_id INT NOT NULL, name VARCHAR(20) NOT NULL,
                UNIQUE KEY uq_children_parent_name (parent_id, name),
                CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES parents (id))";
    let (up, _, _) = round_trip(a, b2, seed, &[]);
    assert!(!up.contains("FOREIGN KEY"), "the key stays:\n{up}");
}

#[test]
fn mysql_column_checks_survive_modify() {
    if !Engine::Mysql.available() {
        return;
    }
    // MariaDB names a column's own CHECK after the column and drops it when MODIFY COLUMN
    // leaves it out (and has no DROP CONSTRAINT for it): keel declares it with its column.
    let a = "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, price INT NULL CHECK (price >= 0),
               qty INT NULL CHECK (qty > 0), note VARCHAR(10) NULL CHECK (note <> ''))";
    let b = "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, price BIGINT NULL CHECK (price >= 0),
               qty INT NULL CHECK (qty >= 0), note VARCHAR(10) NULL, n INT NULL CHECK (n <> 13))";
    let (up, _, p) = round_trip(a, b, "INSERT INTO items VALUES (1, 5, 2, 'x')", &[]);
    if is_mariadb(&p) {
        assert!(
            up.contains("MODIFY COLUMN `price` bigint NULL CHECK (`price` >= 0)"),
            "{up}"
        );
    }
    assert_eq!(p.db.scalar("SELECT price FROM items WHERE id = 1"), 5);
}

#[test]
fn mysql_unsupported_changes_are_refused() {
    if !Engine::Mysql.available() {
        return;
    }
    // MySQL cannot turn a VIRTUAL column into a STORED one in place, and keel has no rebuild
    // for MySQL: the plan refuses, naming the column, rather than writing something wrong.
    let p = Project::new(Engine::Mysql);
    run(&p, "CREATE TABLE t (a INT NULL, b INT AS (a + 1) VIRTUAL)");
    p.keel(&["snapshot", "--out", "a.json"]).expect_code(0);
    p.db.execute("ALTER TABLE t DROP COLUMN b");
    p.db.execute("ALTER TABLE t ADD COLUMN b INT AS (a + 1) STORED");
    p.keel(&["snapshot", "--out", "b.json"]).expect_code(0);
    let run = p.keel(&["diff", "a.json", "b.json", "--emit", "sql"]);
    assert!(run.code > 1, "{}", run.all());
    assert!(
        run.stderr
            .contains("change of t.b cannot be changed automatically on mysql"),
        "{}",
        run.stderr
    );
}
