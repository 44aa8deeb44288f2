//! Every rule: a firing case with its rendered diagnostic, and a quiet case.

use keel_lint::{lint_text, render, Dialect, LintOptions};

/// The human rendering of `rule`'s findings for `sql` linted as a loose file.
fn lint_errors(sql: &str, dialect: Dialect, rule: &str) -> String {
    let mut report = lint_text("m.sql", sql, &LintOptions::new(dialect));
    report.findings.retain(|f| f.rule == rule);
    let mut out = Vec::new();
    render::human(&report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[track_caller]
fn lint_ok(sql: &str, dialect: Dialect, rule: &str) {
    let report = lint_text("m.sql", sql, &LintOptions::new(dialect));
    let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
    assert!(hits.is_empty(), "{rule} fired: {hits:#?}");
}

const PG: Dialect = Dialect::Postgres;
const MY: Dialect = Dialect::Mysql;
const SL: Dialect = Dialect::Sqlite;

#[test]
fn drop_before_copy_fires_when_the_column_is_dropped_before_the_copy() {
    let sql = "ALTER TABLE photos DROP COLUMN caption;\nINSERT INTO posts (photo_id, body) SELECT id, caption FROM photos;\n";
    assert_eq!(
        lint_errors(sql, MY, "drop-before-copy"),
        "\
error[drop-before-copy]: column photos.caption is dropped here, but m.sql:2 still reads it afterwards: its data is lost before it is copied
 --> m.sql:1:1
  |
1 | ALTER TABLE photos DROP COLUMN caption;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: copy the data first, then drop: create → copy → drop

1 error(s), 0 warning(s)
"
    );
}

#[test]
fn drop_before_copy_is_quiet_for_create_copy_drop_and_the_sqlite_rebuild() {
    let safe = "CREATE TABLE posts (id INTEGER PRIMARY KEY, photo_id INTEGER, body TEXT);\n\
                INSERT INTO posts (photo_id, body) SELECT id, caption FROM photos;\n\
                ALTER TABLE photos DROP COLUMN caption;\n";
    for d in Dialect::ALL {
        lint_ok(safe, d, "drop-before-copy");
    }
    let rebuild = "CREATE TABLE new_photos (id INTEGER PRIMARY KEY, url TEXT NOT NULL);\n\
                   INSERT INTO new_photos (id, url) SELECT id, url FROM photos;\n\
                   DROP TABLE photos;\n\
                   ALTER TABLE new_photos RENAME TO photos;\n\
                   SELECT count(*) FROM photos;\n";
    lint_ok(rebuild, SL, "drop-before-copy");
    lint_ok(rebuild, SL, "destructive-drop");
    lint_ok(rebuild, SL, "rename-breaks-app");
}

#[test]
fn destructive_drop_fires_on_a_column_drop_unless_the_loss_is_declared() {
    assert_eq!(
        lint_errors("ALTER TABLE users DROP COLUMN legacy_role;", PG, "destructive-drop"),
        "\
error[destructive-drop]: this drops column users.legacy_role and all its data
 --> m.sql:1:1
  |
1 | ALTER TABLE users DROP COLUMN legacy_role;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: make sure nothing reads it any more and its data is kept elsewhere, then declare it: `-- keel:allows-loss users.legacy_role`

1 error(s), 0 warning(s)
"
    );
    lint_ok(
        "-- keel:allows-loss users.legacy_role\nALTER TABLE users DROP COLUMN legacy_role;",
        PG,
        "destructive-drop",
    );
}

#[test]
fn not_null_without_default_fires_on_existing_tables_only() {
    assert_eq!(
        lint_errors("ALTER TABLE users ADD COLUMN locale TEXT NOT NULL;", SL, "not-null-without-default"),
        "\
error[not-null-without-default]: column users.locale is NOT NULL without a default: SQLite refuses to add it
 --> m.sql:1:1
  |
1 | ALTER TABLE users ADD COLUMN locale TEXT NOT NULL;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: add a DEFAULT, or add the column nullable, backfill it, then make it NOT NULL

1 error(s), 0 warning(s)
"
    );
    lint_ok(
        "ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';",
        SL,
        "not-null-without-default",
    );
    lint_ok(
        "CREATE TABLE t (id INT);\nALTER TABLE t ADD COLUMN locale TEXT NOT NULL;",
        PG,
        "not-null-without-default",
    );
}

#[test]
fn rename_breaks_app_fires_on_a_column_rename() {
    assert_eq!(
        lint_errors("ALTER TABLE sessions RENAME COLUMN ip_address TO ip;", PG, "rename-breaks-app"),
        "\
warning[rename-breaks-app]: column sessions.ip_address is renamed to ip: code still running with the old name breaks
 --> m.sql:1:1
  |
1 | ALTER TABLE sessions RENAME COLUMN ip_address TO ip;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: expand and contract: add the new name, keep both in sync, switch the code, then drop the old name

0 error(s), 1 warning(s)
"
    );
    lint_ok(
        "ALTER TABLE sessions ADD COLUMN ip TEXT;",
        PG,
        "rename-breaks-app",
    );
}

#[test]
fn unique_on_existing_data_fires_on_an_existing_table() {
    let out = lint_errors(
        "CREATE UNIQUE INDEX k ON api_keys (account_id, name);",
        SL,
        "unique-on-existing-data",
    );
    assert!(out.starts_with("warning[unique-on-existing-data]: a unique index on existing table api_keys fails if its rows hold duplicates\n --> m.sql:1:1\n"), "{out}");
    lint_ok(
        "CREATE TABLE k (a INT);\nCREATE UNIQUE INDEX k_a ON k (a);",
        SL,
        "unique-on-existing-data",
    );
}

#[test]
fn too_many_tables_fires_on_the_third_table() {
    let sql = "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\nCREATE TABLE c (id INT);\n";
    assert_eq!(
        lint_errors(sql, SL, "too-many-tables"),
        "\
warning[too-many-tables]: this migration touches more than two tables (a, b, c)
 --> m.sql:3:1
  |
3 | CREATE TABLE c (id INT);
  | ^^^^^^^^^^^^^^^^^^^^^^^
  = help: split it into one migration per table

0 error(s), 1 warning(s)
"
    );
    lint_ok(
        "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n",
        SL,
        "too-many-tables",
    );
}

#[test]
fn not_idempotent_asks_for_guards_only_where_the_dialect_has_them() {
    let out = lint_errors("CREATE TABLE tags (id INT);", MY, "not-idempotent");
    assert!(out.starts_with("warning[not-idempotent]: CREATE TABLE tags has no IF NOT EXISTS: the migration cannot be re-run after a partial failure\n"), "{out}");
    lint_ok(
        "CREATE TABLE IF NOT EXISTS tags (id INT);",
        MY,
        "not-idempotent",
    );
    // MySQL has no CREATE INDEX IF NOT EXISTS.
    lint_ok("CREATE INDEX t_a ON t (a);", MY, "not-idempotent");
    let no_tx = "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY t_a ON t (a);";
    assert_eq!(
        lint_errors(no_tx, PG, "not-idempotent"),
        "\
warning[not-idempotent]: CREATE INDEX on t has no IF NOT EXISTS: the migration cannot be re-run after a partial failure
 --> m.sql:2:1
  |
2 | CREATE INDEX CONCURRENTLY t_a ON t (a);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: add the IF [NOT] EXISTS guard

0 error(s), 1 warning(s)
"
    );
    assert!(lint_errors(
        "-- keel:no-transaction\nALTER TABLE t ADD COLUMN a int;",
        PG,
        "not-idempotent"
    )
    .starts_with("warning[not-idempotent]"));
    assert!(lint_errors(
        "-- keel:no-transaction\nCREATE TABLE t (a int);",
        SL,
        "not-idempotent"
    )
    .starts_with("warning[not-idempotent]"));
}

#[test]
fn not_idempotent_is_quiet_on_migrations_that_run_in_a_transaction() {
    // PostgreSQL and SQLite roll the whole migration back on failure: re-running is safe.
    let sql = "CREATE TABLE tags (id INT);\nCREATE INDEX t_a ON t (a);\nALTER TABLE t ADD COLUMN b int;\nDROP TABLE old;\n";
    lint_ok(sql, PG, "not-idempotent");
    lint_ok(sql, SL, "not-idempotent");
}

#[test]
fn mysql_mixed_ddl_dml_fires_on_mysql_only() {
    let sql = "CREATE TABLE plans (id INT PRIMARY KEY);\nINSERT INTO plans VALUES (1);\n";
    assert_eq!(
        lint_errors(sql, MY, "mysql-mixed-ddl-dml"),
        "\
warning[mysql-mixed-ddl-dml]: this data change shares a migration with schema changes, which MySQL commits one by one
 --> m.sql:2:1
  |
2 | INSERT INTO plans VALUES (1);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: move the data change into its own migration

0 error(s), 1 warning(s)
"
    );
    lint_ok(sql, PG, "mysql-mixed-ddl-dml");
    lint_ok("INSERT INTO plans VALUES (1);", MY, "mysql-mixed-ddl-dml");
}

#[test]
fn fk_without_index_fires_except_on_mysql_whose_innodb_indexes_foreign_keys() {
    let sql =
        "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id));";
    assert_eq!(
        lint_errors(sql, SL, "fk-without-index"),
        "\
warning[fk-without-index]: foreign key comments (post_id) → posts has no index
 --> m.sql:1:1
  |
1 | CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id));
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: add `CREATE INDEX comments_post_id_idx ON comments (post_id);`

0 error(s), 1 warning(s)
"
    );
    lint_ok(sql, MY, "fk-without-index");
    lint_ok(
        &format!("{sql}\nCREATE INDEX c_p ON comments (post_id);"),
        PG,
        "fk-without-index",
    );
}

#[test]
fn blocking_index_fires_on_postgres_for_existing_tables() {
    let out = lint_errors(
        "CREATE INDEX p_o ON photos (owner_id);",
        PG,
        "blocking-index",
    );
    assert!(
        out.starts_with(
            "warning[blocking-index]: this index build blocks writes to photos until it finishes\n"
        ),
        "{out}"
    );
    lint_ok(
        "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY p_o ON photos (owner_id);",
        PG,
        "blocking-index",
    );
    lint_ok(
        "CREATE TABLE photos (owner_id INT);\nCREATE INDEX p_o ON photos (owner_id);",
        PG,
        "blocking-index",
    );
    lint_ok(
        "CREATE INDEX p_o ON photos (owner_id);",
        SL,
        "blocking-index",
    );
}

#[test]
fn concurrently_in_transaction_fires_without_the_no_transaction_directive() {
    let out = lint_errors(
        "CREATE INDEX CONCURRENTLY p_o ON photos (owner_id);",
        PG,
        "concurrently-in-transaction",
    );
    assert!(out.starts_with("error[concurrently-in-transaction]: CONCURRENTLY cannot run inside a transaction, and this script runs in one\n"), "{out}");
    lint_ok(
        "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY p_o ON photos (owner_id);",
        PG,
        "concurrently-in-transaction",
    );
}

#[test]
fn table_rewrite_fires_on_type_changes_but_not_on_postgres_varchar_widening() {
    let out = lint_errors(
        "ALTER TABLE invoices ALTER COLUMN total TYPE numeric(12,2);",
        PG,
        "table-rewrite",
    );
    assert!(out.starts_with("warning[table-rewrite]: changing invoices.total to numeric(12,2) rewrites invoices under an exclusive lock\n"), "{out}");
    lint_ok(
        "CREATE TABLE users (name varchar(20));\nALTER TABLE users ALTER COLUMN name TYPE varchar(100);",
        PG,
        "table-rewrite",
    );
    assert!(lint_errors(
        "ALTER TABLE users MODIFY name VARCHAR(100);",
        MY,
        "table-rewrite"
    )
    .starts_with("warning[table-rewrite]"));
}

#[test]
fn volatile_default_fires_on_postgres_add_column_with_a_volatile_default() {
    let out = lint_errors(
        "ALTER TABLE users ADD COLUMN pid uuid DEFAULT gen_random_uuid();",
        PG,
        "volatile-default",
    );
    assert!(
        out.starts_with(
            "warning[volatile-default]: the default gen_random_uuid() of users.pid is volatile"
        ),
        "{out}"
    );
    lint_ok(
        "ALTER TABLE users ADD COLUMN n int DEFAULT 0;",
        PG,
        "volatile-default",
    );
}

#[test]
fn set_not_null_scan_fires_on_postgres() {
    let out = lint_errors(
        "ALTER TABLE invoices ALTER COLUMN currency SET NOT NULL;",
        PG,
        "set-not-null-scan",
    );
    assert!(
        out.starts_with(
            "warning[set-not-null-scan]: SET NOT NULL on invoices.currency scans the table"
        ),
        "{out}"
    );
    lint_ok(
        "ALTER TABLE invoices ALTER COLUMN currency DROP NOT NULL;",
        PG,
        "set-not-null-scan",
    );
}

#[test]
fn fk_not_valid_fires_without_not_valid() {
    let sql = "ALTER TABLE photos ADD CONSTRAINT f FOREIGN KEY (album_id) REFERENCES albums (id);";
    let out = lint_errors(sql, PG, "fk-not-valid");
    assert!(out.starts_with("warning[fk-not-valid]: adding this foreign key to photos scans it while blocking writes\n"), "{out}");
    lint_ok(&sql.replace(";", " NOT VALID;"), PG, "fk-not-valid");
}

#[test]
fn timestamp_without_time_zone_fires_on_plain_timestamp() {
    let out = lint_errors(
        "ALTER TABLE posts ADD COLUMN published_at timestamp;",
        PG,
        "timestamp-without-time-zone",
    );
    assert!(out.starts_with("warning[timestamp-without-time-zone]: posts.published_at is `timestamp`, which stores no time zone\n"), "{out}");
    lint_ok(
        "ALTER TABLE posts ADD COLUMN published_at timestamptz;",
        PG,
        "timestamp-without-time-zone",
    );
    lint_ok(
        "ALTER TABLE posts ADD COLUMN published_at timestamp with time zone;",
        PG,
        "timestamp-without-time-zone",
    );
}

#[test]
fn identifier_too_long_counts_bytes_per_engine() {
    let name = "a".repeat(64);
    let sql = format!("CREATE INDEX {name} ON t (a);");
    let out = lint_errors(&sql, PG, "identifier-too-long");
    assert!(
        out.starts_with(&format!(
            "error[identifier-too-long]: `{name}` is 64 bytes long; postgres allows 63\n"
        )),
        "{out}"
    );
    lint_ok(&sql, MY, "identifier-too-long");
}

#[test]
fn syntax_error_points_at_the_bad_word_and_the_rest_is_still_linted() {
    let sql = "CREATE TABLE ok (id INT);\nCREATE TABEL tags (id INT);\nALTER TABLE users DROP COLUMN x;\n";
    assert_eq!(
        lint_errors(sql, SL, "syntax-error"),
        "\
error[syntax-error]: this is not valid SQL: Expected: an object type after CREATE, found: TABEL
 --> m.sql:2:8
  |
2 | CREATE TABEL tags (id INT);
  |        ^
  = help: fix the statement; keel could not check it

1 error(s), 0 warning(s)
"
    );
    assert!(lint_errors(sql, SL, "destructive-drop").starts_with("error[destructive-drop]"));
    lint_ok("CREATE TABLE ok (id INT);", SL, "syntax-error");
}

#[test]
fn an_unterminated_string_is_a_syntax_error_not_a_panic() {
    let out = lint_errors("INSERT INTO t VALUES ('abc);", PG, "syntax-error");
    assert!(
        out.starts_with("error[syntax-error]: this is not valid SQL: unterminated"),
        "{out}"
    );
}

#[test]
fn suppressions_silence_one_statement_or_a_file_and_stale_ones_are_reported() {
    let sql = "-- keel:ignore destructive-drop\nALTER TABLE a DROP COLUMN x;\nALTER TABLE b DROP COLUMN y;\n";
    let report = lint_text("m.sql", sql, &LintOptions::new(PG));
    let drops: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "destructive-drop")
        .map(|f| f.line)
        .collect();
    assert_eq!(drops, vec![3]);

    lint_ok("-- keel:ignore-file destructive-drop\nALTER TABLE a DROP COLUMN x;\nALTER TABLE b DROP COLUMN y;", PG, "destructive-drop");

    let stale =
        "-- keel:ignore destructive-drop, no-such-rule\nCREATE TABLE IF NOT EXISTS t (id INT);\n";
    assert_eq!(
        lint_errors(stale, SL, "unused-suppression"),
        "\
warning[unused-suppression]: this suppression of `destructive-drop` matched no finding
 --> m.sql:1:1
  |
1 | -- keel:ignore destructive-drop, no-such-rule
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: remove it, or fix the rule id (`keel lint --explain RULE` lists the ids)

warning[unused-suppression]: `no-such-rule` is not a keel lint rule
 --> m.sql:1:1
  |
1 | -- keel:ignore destructive-drop, no-such-rule
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: remove it, or fix the rule id (`keel lint --explain RULE` lists the ids)

0 error(s), 2 warning(s)
"
    );
}

#[test]
fn disabled_rules_do_not_fire_and_their_suppressions_are_not_stale() {
    let mut options = LintOptions::new(PG);
    options.disable = vec!["destructive-drop".into()];
    let report = lint_text(
        "m.sql",
        "-- keel:ignore destructive-drop\nALTER TABLE a DROP COLUMN x;",
        &options,
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "destructive-drop" && f.rule != "unused-suppression"),
        "{:#?}",
        report.findings
    );
}

/// Asserts that `rule` fires on `sql` with a first line starting with `head`.
#[track_caller]
fn fires(sql: &str, dialect: Dialect, rule: &str, head: &str) {
    let out = lint_errors(sql, dialect, rule);
    assert!(out.starts_with(head), "{rule} on {sql:?}:\n{out}");
}

#[test]
fn truncate_cascade_fires_on_cascade_only() {
    assert_eq!(
        lint_errors("TRUNCATE accounts CASCADE;", PG, "truncate-cascade"),
        "\
error[truncate-cascade]: TRUNCATE accounts CASCADE also empties every table that references accounts, unnamed
 --> m.sql:1:1
  |
1 | TRUNCATE accounts CASCADE;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: list the tables to empty explicitly, without CASCADE

1 error(s), 0 warning(s)
"
    );
    lint_ok("TRUNCATE sessions, accounts;", PG, "truncate-cascade");
}

#[test]
fn drop_breaks_app_fires_unless_the_object_is_recreated() {
    fires(
        "DROP VIEW IF EXISTS active_users;",
        PG,
        "drop-breaks-app",
        "warning[drop-breaks-app]: this drops view active_users: deployed code that still uses it breaks\n --> m.sql:1:1\n",
    );
    fires(
        "DROP TYPE mood CASCADE;",
        PG,
        "drop-breaks-app",
        "warning[drop-breaks-app]: this drops type mood: deployed code that still uses it breaks, and CASCADE drops everything that depends on it\n",
    );
    fires("DROP FUNCTION f(int);", PG, "drop-breaks-app", "warning");
    fires("DROP SEQUENCE s;", PG, "drop-breaks-app", "warning");
    fires("DROP EXTENSION hstore;", PG, "drop-breaks-app", "warning");
    fires("DROP DOMAIN positive;", PG, "drop-breaks-app", "warning");
    lint_ok(
        "DROP VIEW active_users;\nCREATE VIEW active_users AS SELECT id FROM users;",
        PG,
        "drop-breaks-app",
    );
    lint_ok(
        "DROP FUNCTION IF EXISTS f();\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;",
        PG,
        "drop-breaks-app",
    );
    // Tables, schemas and databases are destructive-drop's.
    lint_ok("DROP SCHEMA legacy;", PG, "drop-breaks-app");
}

#[test]
fn destructive_drop_covers_schemas_and_databases() {
    fires(
        "DROP DATABASE legacy;",
        PG,
        "destructive-drop",
        "error[destructive-drop]: this drops database legacy and all its data\n",
    );
    fires(
        "DROP SCHEMA legacy CASCADE;",
        PG,
        "destructive-drop",
        "error[destructive-drop]: this drops schema legacy (and every table in it, with CASCADE) and all its data\n",
    );
    // In MySQL a schema is a database.
    fires(
        "DROP SCHEMA legacy;",
        MY,
        "destructive-drop",
        "error[destructive-drop]: this drops database legacy and all its data\n",
    );
    lint_ok(
        "-- keel:allows-loss legacy\nDROP DATABASE legacy;",
        PG,
        "destructive-drop",
    );
}

#[test]
fn rename_breaks_app_covers_other_objects_and_set_schema() {
    fires(
        "ALTER VIEW active_users RENAME TO current_users;",
        PG,
        "rename-breaks-app",
        "warning[rename-breaks-app]: view active_users is renamed to current_users: code still running with the old name breaks\n",
    );
    fires(
        "ALTER TABLE photos SET SCHEMA archive;",
        PG,
        "rename-breaks-app",
        "warning[rename-breaks-app]: table photos is renamed to archive.photos",
    );
    fires(
        "ALTER FUNCTION f(int) RENAME TO g;",
        PG,
        "rename-breaks-app",
        "warning",
    );
    lint_ok(
        "CREATE VIEW v AS SELECT 1;\nALTER VIEW v RENAME TO w;",
        PG,
        "rename-breaks-app",
    );
    lint_ok("ALTER INDEX i RENAME TO j;", PG, "rename-breaks-app");
}

#[test]
fn blocking_index_drop_fires_without_concurrently() {
    assert_eq!(
        lint_errors("DROP INDEX photos_owner_id;", PG, "blocking-index-drop"),
        "\
warning[blocking-index-drop]: dropping index photos_owner_id locks its table against reads and writes
 --> m.sql:1:1
  |
1 | DROP INDEX photos_owner_id;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: use DROP INDEX CONCURRENTLY in a migration that starts with `-- keel:no-transaction`

0 error(s), 1 warning(s)
"
    );
    fires(
        "DROP INDEX IF EXISTS a, b;",
        PG,
        "blocking-index-drop",
        "warning",
    );
    // sqlparser cannot parse this form; keel still reads it.
    lint_ok(
        "-- keel:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS photos_owner_id;",
        PG,
        "blocking-index-drop",
    );
    lint_ok(
        "-- keel:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS photos_owner_id;",
        PG,
        "syntax-error",
    );
    lint_ok(
        "CREATE INDEX tmp ON t (a);\nDROP INDEX tmp;",
        PG,
        "blocking-index-drop",
    );
    lint_ok("DROP INDEX photos_owner_id;", SL, "blocking-index-drop");
}

#[test]
fn concurrently_in_transaction_knows_drop_index_reindex_and_detach() {
    for sql in [
        "DROP INDEX CONCURRENTLY IF EXISTS i;",
        "REINDEX INDEX CONCURRENTLY i;",
        "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
    ] {
        fires(
            sql,
            PG,
            "concurrently-in-transaction",
            "error[concurrently-in-transaction]",
        );
        lint_ok(
            &format!("-- keel:no-transaction\n{sql}"),
            PG,
            "concurrently-in-transaction",
        );
    }
}

#[test]
fn blocking_reindex_fires_without_concurrently() {
    fires(
        "REINDEX TABLE photos;",
        PG,
        "blocking-reindex",
        "warning[blocking-reindex]: REINDEX TABLE photos blocks writes until every index is rebuilt\n --> m.sql:1:1\n",
    );
    lint_ok(
        "-- keel:no-transaction\nREINDEX TABLE CONCURRENTLY photos;",
        PG,
        "blocking-reindex",
    );
    lint_ok(
        "-- keel:no-transaction\nREINDEX (CONCURRENTLY) TABLE photos;",
        PG,
        "blocking-reindex",
    );
}

#[test]
fn blocking_partition_detach_fires_without_concurrently() {
    fires(
        "ALTER TABLE events DETACH PARTITION events_2020;",
        PG,
        "blocking-partition-detach",
        "warning[blocking-partition-detach]: detaching events_2020 locks all of events against reads and writes\n",
    );
    lint_ok(
        "-- keel:no-transaction\nALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
        PG,
        "blocking-partition-detach",
    );
}

#[test]
fn blocking_unique_constraint_fires_unless_an_index_is_reused() {
    fires(
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
        PG,
        "blocking-unique-constraint",
        "warning[blocking-unique-constraint]: this UNIQUE constraint builds its index while users is locked against reads and writes\n",
    );
    fires(
        "ALTER TABLE users ADD PRIMARY KEY (id);",
        PG,
        "blocking-unique-constraint",
        "warning[blocking-unique-constraint]: this PRIMARY KEY builds its index",
    );
    lint_ok(
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;",
        PG,
        "blocking-unique-constraint",
    );
    lint_ok(
        "CREATE TABLE users (id bigint, email text);\nALTER TABLE users ADD PRIMARY KEY (id);",
        PG,
        "blocking-unique-constraint",
    );
}

#[test]
fn fk_not_valid_also_covers_domain_constraints() {
    fires(
        "ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);",
        PG,
        "fk-not-valid",
        "warning[fk-not-valid]: adding this constraint to domain positive scans every column that uses it while blocking writes\n",
    );
    lint_ok(
        "ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0) NOT VALID;",
        PG,
        "fk-not-valid",
    );
}

#[test]
fn missing_timeout_fires_once_per_migration_before_a_locking_statement() {
    let sql =
        "ALTER TABLE photos ADD COLUMN caption text;\nALTER TABLE photos ADD COLUMN alt text;\n";
    assert_eq!(
        lint_errors(sql, PG, "missing-timeout"),
        "\
warning[missing-timeout]: this statement on photos takes a lock that blocks writes, with no `SET lock_timeout` and `SET statement_timeout` before it
 --> m.sql:1:1
  |
1 | ALTER TABLE photos ADD COLUMN caption text;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: start the migration with `SET lock_timeout = '2s';` and `SET statement_timeout = '60s';` (values to taste)

0 error(s), 1 warning(s)
"
    );
    fires(
        &format!("SET statement_timeout = '60s';\n{sql}"),
        PG,
        "missing-timeout",
        "warning[missing-timeout]: this statement on photos takes a lock that blocks writes, with no `SET lock_timeout` before it\n",
    );
    lint_ok(
        &format!("SET lock_timeout = '2s';\nSET LOCAL statement_timeout TO '60s';\n{sql}"),
        PG,
        "missing-timeout",
    );
    // New tables, concurrent index builds and data statements take no blocking table lock.
    lint_ok(
        "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nUPDATE users SET a = 1;",
        PG,
        "missing-timeout",
    );
    lint_ok(
        "-- keel:no-transaction\nCREATE INDEX CONCURRENTLY p ON photos (a);",
        PG,
        "missing-timeout",
    );
    lint_ok(sql, MY, "missing-timeout");
}

#[test]
fn small_integer_key_fires_on_key_columns_only() {
    let sql = "CREATE TABLE events (id serial PRIMARY KEY, account_id integer REFERENCES accounts (id), attempts integer);";
    let report = lint_text("m.sql", sql, &LintOptions::new(PG));
    let msgs: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "small-integer-key")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        msgs,
        [
            "key column events.id is serial (32-bit): its values run out",
            "key column events.account_id is integer (32-bit): its values run out"
        ]
    );
    fires(
        "CREATE TABLE t (id int unsigned, PRIMARY KEY (id));",
        MY,
        "small-integer-key",
        "warning[small-integer-key]: key column t.id is int unsigned (32-bit)",
    );
    // Deliberately small lookup keys, and parts of composite keys, are left alone.
    lint_ok(
        "CREATE TABLE roles (id smallserial PRIMARY KEY);\nCREATE TABLE lines (invoice_id bigint, line_no int, PRIMARY KEY (invoice_id, line_no));",
        PG,
        "small-integer-key",
    );
    lint_ok(
        "CREATE TABLE events (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts (id));",
        PG,
        "small-integer-key",
    );
    lint_ok(sql, SL, "small-integer-key");
}

#[test]
fn char_column_fires_on_char_but_not_varchar() {
    fires(
        "ALTER TABLE countries ADD COLUMN code char(2);",
        PG,
        "char-column",
        "warning[char-column]: countries.code is char(2), which pads its values with spaces\n",
    );
    fires(
        "CREATE TABLE t (a character(3));",
        PG,
        "char-column",
        "warning",
    );
    lint_ok(
        "CREATE TABLE t (a varchar(3), b character varying(3), c text);",
        PG,
        "char-column",
    );
    lint_ok("CREATE TABLE t (a char(3));", MY, "char-column");
}

#[test]
fn nested_transaction_fires_inside_keels_transaction() {
    let sql = "BEGIN;\nALTER TABLE photos ADD COLUMN caption text;\nCOMMIT;\n";
    let report = lint_text("m.sql", sql, &LintOptions::new(SL));
    let lines: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "nested-transaction")
        .map(|f| f.line)
        .collect();
    assert_eq!(lines, [1, 3]);
    fires(
        sql,
        PG,
        "nested-transaction",
        "error[nested-transaction]: keel already runs this migration in a transaction: this BEGIN breaks its all-or-nothing run\n",
    );
    lint_ok(
        &format!("-- keel:no-transaction\n{sql}"),
        PG,
        "nested-transaction",
    );
    fires(
        "-- keel:no-transaction\nBEGIN;\nBEGIN;\nCOMMIT;",
        PG,
        "nested-transaction",
        "error[nested-transaction]: BEGIN inside a transaction that is still open",
    );
    lint_ok(sql, MY, "nested-transaction");
}

#[test]
fn uncommitted_transaction_fires_when_no_commit_follows() {
    fires(
        "-- keel:no-transaction\nBEGIN;\nUPDATE plans SET price = price * 2;",
        PG,
        "uncommitted-transaction",
        "error[uncommitted-transaction]: this transaction is never committed: its changes are rolled back when the script ends\n --> m.sql:2:1\n",
    );
    fires(
        "START TRANSACTION;\nUPDATE plans SET price = 1;",
        MY,
        "uncommitted-transaction",
        "error",
    );
    lint_ok(
        "START TRANSACTION;\nUPDATE plans SET price = 1;\nCOMMIT;",
        MY,
        "uncommitted-transaction",
    );
    // Inside keel's own transaction a BEGIN is nested-transaction's business.
    lint_ok(
        "BEGIN;\nUPDATE plans SET price = 1;",
        PG,
        "uncommitted-transaction",
    );
}
