//! Every rule: a firing case with its rendered diagnostic, and a quiet case.

use keel_lint::{lint_text, render, Dialect, LintOptions};

/// Options for `dialect` with `rule` enabled, so that opt-in rules are checked too.
fn with_rule(dialect: Dialect, rule: &str) -> LintOptions {
    let mut options = LintOptions::new(dialect);
    options.enable = vec![rule.to_string()];
    options
}

/// The human rendering of `rule`'s findings for `sql` linted as a loose file.
fn lint_errors(sql: &str, dialect: Dialect, rule: &str) -> String {
    let mut report = lint_text("m.sql", sql, &with_rule(dialect, rule));
    report.findings.retain(|f| f.rule == rule);
    let mut out = Vec::new();
    render::human(&report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[track_caller]
fn lint_ok(sql: &str, dialect: Dialect, rule: &str) {
    let report = lint_text("m.sql", sql, &with_rule(dialect, rule));
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

#[test]
fn opt_in_rules_are_quiet_unless_the_project_enables_them() {
    let sql = "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;";
    let by_default = lint_text("m.sql", sql, &LintOptions::new(PG));
    assert!(
        by_default
            .findings
            .iter()
            .all(|f| f.rule != "drop-not-null"),
        "{:#?}",
        by_default.findings
    );
    let enabled = lint_text("m.sql", sql, &with_rule(PG, "drop-not-null"));
    assert!(
        enabled.findings.iter().any(|f| f.rule == "drop-not-null"),
        "{:#?}",
        enabled.findings
    );
    // `disable` wins over `enable`.
    let mut both = with_rule(PG, "drop-not-null");
    both.disable = vec!["drop-not-null".into()];
    assert!(lint_text("m.sql", sql, &both)
        .findings
        .iter()
        .all(|f| f.rule != "drop-not-null"));
    // Suppressing an opt-in rule that is off is not a stale suppression: it may be enabled.
    let suppressed = format!("-- keel:ignore drop-not-null\n{sql}");
    let report = lint_text("m.sql", &suppressed, &LintOptions::new(PG));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "unused-suppression"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn every_opt_in_rule_is_off_by_default() {
    let opt_in: Vec<&str> = keel_lint::RULES
        .iter()
        .filter(|r| r.opt_in)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        opt_in,
        [
            "drop-not-null",
            "drop-constraint",
            "enum-value-order",
            "smallint-column",
            "serial-column",
            "varchar-column",
            "domain-constraint"
        ]
    );
    for r in keel_lint::RULES.iter().filter(|r| r.opt_in) {
        let report = lint_text("m.sql", r.doc.bad, &LintOptions::new(PG));
        assert!(
            report.findings.iter().all(|f| f.rule != r.id),
            "{} ran without being enabled",
            r.id
        );
    }
}

#[test]
fn drop_default_fires_on_an_existing_table() {
    assert_eq!(
        lint_errors("ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;", PG, "drop-default"),
        "\
warning[drop-default]: dropping the default of orders.status: inserts that leave the column out now fail (NOT NULL) or store NULL
 --> m.sql:1:1
  |
1 | ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: deploy code that always writes the column first; then drop the default and say so with `-- keel:ignore drop-default`

0 error(s), 1 warning(s)
"
    );
    fires(
        "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
        MY,
        "drop-default",
        "warning[drop-default]",
    );
    lint_ok(
        "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
        PG,
        "drop-default",
    );
    lint_ok(
        "CREATE TABLE orders (status text DEFAULT 'new');\nALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
        PG,
        "drop-default",
    );
}

#[test]
fn drop_generated_expression_fires_on_drop_expression() {
    assert_eq!(
        lint_errors(
            "ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
            PG,
            "drop-generated-expression"
        ),
        "\
warning[drop-generated-expression]: line_items.total stops being generated: new rows get no value unless the code writes one
 --> m.sql:1:1
  |
1 | ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: deploy code that writes the column itself first; then drop the expression and say so with `-- keel:ignore drop-generated-expression`

0 error(s), 1 warning(s)
"
    );
    // sqlparser cannot parse this form; keel reads it from its words, not as a syntax error.
    lint_ok(
        "ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION IF EXISTS;",
        PG,
        "syntax-error",
    );
    lint_ok(
        "ALTER TABLE line_items ALTER COLUMN total DROP DEFAULT;",
        PG,
        "drop-generated-expression",
    );
    lint_ok(
        "CREATE TABLE line_items (qty int, price int, total int GENERATED ALWAYS AS (qty * price) STORED);\nALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
        PG,
        "drop-generated-expression",
    );
}

#[test]
fn identity_change_fires_only_where_existing_inserts_break() {
    let sql = "ALTER TABLE accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n\
               ALTER TABLE accounts ALTER COLUMN id SET GENERATED ALWAYS;\n\
               ALTER TABLE accounts ALTER COLUMN legacy_id DROP IDENTITY IF EXISTS;\n";
    let report = lint_text("m.sql", sql, &LintOptions::new(PG));
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "identity-change")
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                1,
                "accounts.id becomes GENERATED ALWAYS: inserts that give it a value now fail"
            ),
            (
                2,
                "accounts.id becomes GENERATED ALWAYS: inserts that give it a value now fail"
            ),
            (
                3,
                "accounts.legacy_id loses its identity: inserts that leave it out now get no value"
            ),
        ]
    );
    assert_eq!(
        lint_errors(
            "ALTER TABLE accounts ALTER COLUMN id ADD GENERATED AS IDENTITY;",
            PG,
            "identity-change"
        ),
        "\
warning[identity-change]: accounts.id becomes GENERATED ALWAYS: inserts that give it a value now fail
 --> m.sql:1:1
  |
1 | ALTER TABLE accounts ALTER COLUMN id ADD GENERATED AS IDENTITY;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: use GENERATED BY DEFAULT, or first deploy code that leaves the column out of its inserts

0 error(s), 1 warning(s)
"
    );
    // Every insert that worked before still works.
    lint_ok(
        "ALTER TABLE accounts ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;\n\
         ALTER TABLE accounts ALTER COLUMN id SET GENERATED BY DEFAULT;\n\
         ALTER TABLE accounts ALTER COLUMN id RESTART WITH 1000;\n\
         ALTER TABLE accounts ALTER COLUMN id SET INCREMENT BY 10;",
        PG,
        "identity-change",
    );
    lint_ok(
        "CREATE TABLE accounts (id bigint NOT NULL);\nALTER TABLE accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;",
        PG,
        "identity-change",
    );
}

#[test]
fn identity_and_generation_changes_lock_the_table_and_set_expression_rewrites_it() {
    fires(
        "ALTER TABLE accounts ALTER COLUMN id DROP IDENTITY;",
        PG,
        "missing-timeout",
        "warning[missing-timeout]: this statement on accounts takes a lock",
    );
    assert_eq!(
        lint_errors(
            "ALTER TABLE line_items ALTER COLUMN total SET EXPRESSION AS (qty * price * 2);",
            PG,
            "table-rewrite"
        ),
        "\
warning[table-rewrite]: a new expression for line_items.total recomputes every row of line_items under an exclusive lock
 --> m.sql:1:1
  |
1 | ALTER TABLE line_items ALTER COLUMN total SET EXPRESSION AS (qty * price * 2);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: add a new generated column with the new expression, switch the code, then drop the old column

0 error(s), 1 warning(s)
"
    );
    lint_ok(
        "ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
        PG,
        "table-rewrite",
    );
}

#[test]
fn drop_not_null_fires_on_an_existing_table_when_enabled() {
    assert_eq!(
        lint_errors("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;", PG, "drop-not-null"),
        "\
warning[drop-not-null]: users.email may hold NULL from now on: code that reads it may not expect that
 --> m.sql:1:1
  |
1 | ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: make every reader handle NULL first and deploy that; then drop NOT NULL and say so with `-- keel:ignore drop-not-null`

0 error(s), 1 warning(s)
"
    );
    lint_ok(
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        PG,
        "drop-not-null",
    );
    lint_ok(
        "CREATE TABLE users (email text NOT NULL);\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
        PG,
        "drop-not-null",
    );
}

#[test]
fn drop_constraint_fires_unless_the_constraint_is_replaced() {
    assert_eq!(
        lint_errors("ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;", PG, "drop-constraint"),
        "\
warning[drop-constraint]: dropping constraint orders_customer_fk removes a guarantee on orders that code and data may rely on
 --> m.sql:1:1
  |
1 | ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: make sure nothing relies on it any more, then say so with `-- keel:ignore drop-constraint`

0 error(s), 1 warning(s)
"
    );
    fires(
        "ALTER TABLE orders DROP FOREIGN KEY orders_customer_fk;",
        MY,
        "drop-constraint",
        "warning[drop-constraint]: dropping constraint orders_customer_fk removes a guarantee on orders",
    );
    // The constraint is swapped for one of the same name: in the same statement, or later in
    // the same migration.
    lint_ok(
        "ALTER TABLE distributors DROP CONSTRAINT distributors_pkey, ADD CONSTRAINT distributors_pkey PRIMARY KEY USING INDEX dist_id_temp_idx;",
        PG,
        "drop-constraint",
    );
    lint_ok(
        "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE NOT VALID;",
        PG,
        "drop-constraint",
    );
    // A constraint of the same name on another table does not replace it.
    fires(
        "ALTER TABLE orders DROP CONSTRAINT c;\nALTER TABLE invoices ADD CONSTRAINT c CHECK (total > 0);",
        PG,
        "drop-constraint",
        "warning[drop-constraint]",
    );
}

#[test]
fn enum_value_order_fires_on_add_value_without_a_position() {
    assert_eq!(
        lint_errors("ALTER TYPE order_status ADD VALUE 'in_review';", PG, "enum-value-order"),
        "\
warning[enum-value-order]: 'in_review' is added after every other value of enum order_status, and sorts last
 --> m.sql:1:1
  |
1 | ALTER TYPE order_status ADD VALUE 'in_review';
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: say where it belongs: ADD VALUE … BEFORE 'x' or AFTER 'x'

0 error(s), 1 warning(s)
"
    );
    lint_ok(
        "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'in_review' BEFORE 'approved';",
        PG,
        "enum-value-order",
    );
    lint_ok(
        "CREATE TYPE order_status AS ENUM ('new', 'paid');\nALTER TYPE order_status ADD VALUE 'void';",
        PG,
        "enum-value-order",
    );
}

#[test]
fn duplicate_column_fires_where_the_engine_refuses_the_statement() {
    assert_eq!(
        lint_errors(
            "UPDATE invoices SET status = 'paid', status = 'void' WHERE id = 1;",
            PG,
            "duplicate-column"
        ),
        "\
error[duplicate-column]: column invoices.status is assigned twice in the UPDATE: postgres refuses the statement
 --> m.sql:1:1
  |
1 | UPDATE invoices SET status = 'paid', status = 'void' WHERE id = 1;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: keep one of them

1 error(s), 0 warning(s)
"
    );
    let create = "CREATE TABLE t (a int, b int, a text);";
    for d in Dialect::ALL {
        fires(
            create,
            d,
            "duplicate-column",
            &format!(
                "error[duplicate-column]: column t.a is declared twice in CREATE TABLE: {} refuses the statement\n",
                d.name()
            ),
        );
    }
    let insert = "INSERT INTO t (a, b, a) VALUES (1, 2, 3);";
    fires(
        insert,
        PG,
        "duplicate-column",
        "error[duplicate-column]: column t.a is listed twice in the INSERT",
    );
    fires(insert, MY, "duplicate-column", "error[duplicate-column]");
    // SQLite accepts both, and MySQL the repeated UPDATE target.
    lint_ok(insert, SL, "duplicate-column");
    lint_ok("UPDATE t SET a = 1, a = 2;", MY, "duplicate-column");
    lint_ok("UPDATE t SET a = 1, a = 2;", SL, "duplicate-column");
    lint_ok(
        "CREATE TABLE t (a int, b int);\nUPDATE t SET a = b, b = a;\nINSERT INTO t (a, b) VALUES (1, 2);",
        PG,
        "duplicate-column",
    );
}

#[test]
fn smallint_column_fires_on_small_integer_types_when_enabled() {
    assert_eq!(
        lint_errors(
            "ALTER TABLE products ADD COLUMN stock smallint NOT NULL DEFAULT 0;",
            PG,
            "smallint-column"
        ),
        "\
warning[smallint-column]: products.stock is smallint: its values run out early
 --> m.sql:1:1
  |
1 | ALTER TABLE products ADD COLUMN stock smallint NOT NULL DEFAULT 0;
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: use bigint (or integer, when the values are known to stay small)

0 error(s), 1 warning(s)
"
    );
    let mysql =
        "CREATE TABLE t (a tinyint, b tinyint(1), c mediumint unsigned, d BOOLEAN, e smallint);";
    let report = lint_text("m.sql", mysql, &with_rule(MY, "smallint-column"));
    let msgs: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "smallint-column")
        .map(|f| f.message.as_str())
        .collect();
    // tinyint(1) is MySQL's boolean.
    assert_eq!(
        msgs,
        [
            "t.a is tinyint: its values run out early",
            "t.c is mediumint unsigned: its values run out early",
            "t.e is smallint: its values run out early"
        ]
    );
    fires(
        "ALTER TABLE t ALTER COLUMN a TYPE int2;",
        PG,
        "smallint-column",
        "warning[smallint-column]: t.a is int2",
    );
    lint_ok(
        "CREATE TABLE t (a int, b bigint, c integer, d numeric(5));",
        PG,
        "smallint-column",
    );
    lint_ok("CREATE TABLE t (a smallint);", SL, "smallint-column");
}

#[test]
fn serial_column_fires_on_serial_types_when_enabled() {
    assert_eq!(
        lint_errors(
            "CREATE TABLE invoices (id bigserial PRIMARY KEY, total numeric NOT NULL);",
            PG,
            "serial-column"
        ),
        "\
warning[serial-column]: invoices.id is bigserial, a column whose sequence lives apart from it
 --> m.sql:1:1
  |
1 | CREATE TABLE invoices (id bigserial PRIMARY KEY, total numeric NOT NULL);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: use an identity column: bigint GENERATED BY DEFAULT AS IDENTITY (or ALWAYS)

0 error(s), 1 warning(s)
"
    );
    for t in ["serial", "serial4", "serial8", "smallserial", "serial2"] {
        fires(
            &format!("ALTER TABLE t ADD COLUMN n {t};"),
            PG,
            "serial-column",
            &format!("warning[serial-column]: t.n is {t},"),
        );
    }
    lint_ok(
        "CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, serial_no text);",
        PG,
        "serial-column",
    );
}

#[test]
fn varchar_column_fires_on_a_length_limit_when_enabled() {
    assert_eq!(
        lint_errors("ALTER TABLE users ADD COLUMN nickname varchar(30);", PG, "varchar-column"),
        "\
warning[varchar-column]: users.nickname is varchar(30): raising its limit later locks users against reads and writes
 --> m.sql:1:1
  |
1 | ALTER TABLE users ADD COLUMN nickname varchar(30);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: use text, with a CHECK (length(…) <= n) constraint if the limit matters

0 error(s), 1 warning(s)
"
    );
    fires(
        "CREATE TABLE t (a character varying(5));",
        PG,
        "varchar-column",
        "warning[varchar-column]: t.a is character varying(5)",
    );
    lint_ok(
        "CREATE TABLE t (a varchar, b text, c character varying, d char(2));",
        PG,
        "varchar-column",
    );
    lint_ok("CREATE TABLE t (a varchar(5));", MY, "varchar-column");
}

#[test]
fn domain_constraint_fires_on_create_domain_with_check_when_enabled() {
    assert_eq!(
        lint_errors("CREATE DOMAIN price AS numeric(12,2) CHECK (VALUE >= 0);", PG, "domain-constraint"),
        "\
warning[domain-constraint]: domain price has a CHECK constraint: changing it later checks every column that uses price, in every table, under lock
 --> m.sql:1:1
  |
1 | CREATE DOMAIN price AS numeric(12,2) CHECK (VALUE >= 0);
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: put the CHECK on the columns (a table constraint) instead of on the domain

0 error(s), 1 warning(s)
"
    );
    // sqlparser does not parse NOT NULL on a domain; keel still sees the CHECK.
    fires(
        "CREATE DOMAIN positive AS int NOT NULL CHECK (VALUE > 0);",
        PG,
        "domain-constraint",
        "warning[domain-constraint]: domain positive",
    );
    lint_ok("CREATE DOMAIN label AS text;", PG, "domain-constraint");
    lint_ok(
        "CREATE DOMAIN label AS text NOT NULL DEFAULT 'x';",
        PG,
        "domain-constraint",
    );
}

#[test]
fn rename_breaks_app_covers_enum_values() {
    fires(
        "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad';",
        PG,
        "rename-breaks-app",
        "warning[rename-breaks-app]: enum value mood.happy is renamed to mood.glad: code still running with the old name breaks\n",
    );
    fires(
        "ALTER TYPE mood RENAME TO feeling;",
        PG,
        "rename-breaks-app",
        "warning[rename-breaks-app]: type mood is renamed to feeling",
    );
    lint_ok(
        "ALTER TYPE mood ADD VALUE 'calm' AFTER 'happy';",
        PG,
        "rename-breaks-app",
    );
}
