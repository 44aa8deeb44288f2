//! The static interpreter: PHP in, the SQL Laravel 8 would send out, per driver — and a clear
//! refusal, with file and line, for what cannot be known without running PHP.

use std::path::Path;

use keel_driver::{DbUrl, Driver};
use keel_laravel::compile::{Compiler, ConnectionConfig};
use keel_laravel::ir::{DataKind, Op};
use keel_laravel::php::read_migration;
use keel_laravel::{LaravelError, LaravelHistory};
use keel_migrate::{HistoryRow, HistoryStore, RowState};
use keel_sql::Dialect;

fn migration(up: &str) -> String {
    format!(
        "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n\nreturn new class extends Migration\n{{\n    public function up()\n    {{\n{up}\n    }}\n}};\n"
    )
}

/// Compiles the `up()` of each migration in turn, returning the SQL of the last.
fn sql(dialect: Dialect, ups: &[&str]) -> Result<Vec<String>, LaravelError> {
    let mut compiler = Compiler::new(dialect, ConnectionConfig::default());
    let mut last = Vec::new();
    for up in ups {
        let path = Path::new("2024_01_01_000000_test.php");
        let ir = read_migration(path, &migration(up))?;
        if !ir.opaque.is_empty() {
            return Err(LaravelError::Opaque(ir.opaque));
        }
        last = compiler
            .compile(path, &ir.up)?
            .into_iter()
            .map(|s| s.sql)
            .collect();
    }
    Ok(last)
}

const USERS: &str = "Schema::create('users', function (Blueprint $table) { $table->id(); $table->string('email')->unique(); });";

#[test]
fn foreign_id_constrained_names_the_table_and_the_key_as_laravel_does() {
    let posts = "Schema::create('blog-posts', function (Blueprint $table) {
        $table->id();
        $table->foreignId('user_id')->constrained()->cascadeOnDelete();
        $table->string('slug', 80)->nullable()->index();
        $table->decimal('price', 10, 2)->default(0);
    });";
    let pg = sql(Dialect::Postgres, &[USERS, posts]).unwrap();
    assert_eq!(
        pg,
        [
            r#"create table "blog-posts" ("id" bigserial primary key not null, "user_id" bigint not null, "slug" varchar(80) null, "price" decimal(10, 2) not null default '0')"#,
            r#"alter table "blog-posts" add constraint "blog_posts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade"#,
            r#"create index "blog_posts_slug_index" on "blog-posts" ("slug")"#,
        ]
    );
    let my = sql(Dialect::Mysql, &[USERS, posts]).unwrap();
    assert_eq!(
        my[0],
        "create table `blog-posts` (`id` bigint unsigned not null auto_increment primary key, `user_id` bigint unsigned not null, \
         `slug` varchar(80) null, `price` decimal(10, 2) not null default '0') default character set utf8mb4 collate 'utf8mb4_unicode_ci'"
    );
    assert_eq!(
        my[2],
        "alter table `blog-posts` add index `blog_posts_slug_index`(`slug`)"
    );
    let lite = sql(Dialect::Sqlite, &[USERS, posts]).unwrap();
    assert_eq!(
        lite,
        [
            r#"create table "blog-posts" ("id" integer not null primary key autoincrement, "user_id" integer not null, "slug" varchar, "price" numeric not null default '0', foreign key("user_id") references "users"("id") on delete cascade)"#,
            r#"create index "blog_posts_slug_index" on "blog-posts" ("slug")"#,
        ],
        "SQLite takes foreign keys inside create table and nothing afterwards"
    );
}

#[test]
fn sqlite_drop_column_is_doctrines_table_rebuild() {
    let table = "Schema::table('users', function (Blueprint $table) { $table->foreignId('team_id')->nullable()->constrained('teams'); });";
    let teams = "Schema::create('teams', function (Blueprint $table) { $table->id(); });";
    let users = "Schema::create('users', function (Blueprint $table) {
        $table->id();
        $table->string('email')->unique();
        $table->boolean('active')->default(true);
        $table->foreignId('team_id')->constrained();
        $table->string('legacy')->nullable();
    });";
    let drop =
        "Schema::table('users', function (Blueprint $table) { $table->dropColumn('legacy'); });";
    let out = sql(Dialect::Sqlite, &[teams, users, drop]).unwrap();
    assert_eq!(
        out,
        [
            r#"CREATE TEMPORARY TABLE "__temp__users" AS SELECT "id", "email", "active", "team_id" FROM "users""#,
            r#"DROP TABLE "users""#,
            r#"CREATE TABLE "users" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "team_id" INTEGER NOT NULL, "email" VARCHAR(255) NOT NULL, "active" BOOLEAN DEFAULT 1 NOT NULL, FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION NOT DEFERRABLE INITIALLY IMMEDIATE)"#,
            r#"INSERT INTO "users" ("id", "email", "active", "team_id") SELECT "id", "email", "active", "team_id" FROM "__temp__users""#,
            r#"DROP TABLE "__temp__users""#,
            r#"CREATE UNIQUE INDEX "users_email_unique" ON "users" ("email")"#,
            r#"CREATE INDEX "IDX_1483A5E9296CD8AE" ON "users" ("team_id")"#,
        ],
        "foreign-key columns move up, types are Doctrine's, and the unindexed key gets Doctrine's hashed index"
    );
    // Adding a foreign key to an existing SQLite table compiles to the column alone, as in
    // Laravel 8, which silently skips the constraint.
    let added = sql(Dialect::Sqlite, &[teams, USERS, table]).unwrap();
    assert_eq!(
        added,
        [r#"alter table "users" add column "team_id" integer"#]
    );
}

#[test]
fn guards_are_decided_by_the_schema_built_so_far() {
    let guarded = "if (! Schema::hasTable('users')) {
        Schema::create('users', function (Blueprint $table) { $table->id(); });
    } else {
        Schema::table('users', function (Blueprint $table) {
            if (true) {}
        });
    }";
    let first = sql(Dialect::Sqlite, &[guarded]);
    assert!(first.is_err(), "an if inside a Blueprint closure is opaque");

    let guarded = "if (Schema::hasColumn('users', 'email')) {
        return;
    }
    Schema::table('users', function (Blueprint $table) { $table->string('email'); });";
    let created = "Schema::create('users', function (Blueprint $table) { $table->id(); });";
    assert_eq!(
        sql(Dialect::Postgres, &[created, guarded]).unwrap(),
        [r#"alter table "users" add column "email" varchar(255) not null"#]
    );
    assert!(
        sql(Dialect::Postgres, &[USERS, guarded])
            .unwrap()
            .is_empty(),
        "the early return skips the rest when the column exists"
    );
}

#[test]
fn data_changes_are_recorded_and_raw_sql_is_replayed() {
    let path = Path::new("2024_01_01_000000_backfill.php");
    let ir = read_migration(
        path,
        &migration(
            "DB::table('users')->where('active', 1)->update(['status' => 'on', 'seen' => null]);\n\
             DB::statement('UPDATE users SET status = \\'off\\' WHERE active = 0');",
        ),
    )
    .unwrap();
    assert!(ir.opaque.is_empty(), "{:?}", ir.opaque);
    assert_eq!(
        ir.up[0].item,
        Op::Data {
            table: "users".into(),
            kind: DataKind::Update,
            columns: vec!["status".into(), "seen".into()],
            reads: vec!["active".into()],
            raw: vec![],
        }
    );
    assert_eq!(ir.up[0].line, 9);
    assert_eq!(
        ir.up[1].item,
        Op::Statement("UPDATE users SET status = 'off' WHERE active = 0".into())
    );
    assert!(ir.down.is_none(), "no down() method is noticed");
}

#[test]
fn what_laravel_8_itself_would_fail_on_is_named_with_the_line() {
    let twice = "Schema::table('users', function (Blueprint $table) {
        $table->renameColumn('email', 'mail');
        $table->dropColumn('id');
    });";
    let err = sql(Dialect::Sqlite, &[USERS, twice])
        .unwrap_err()
        .to_string();
    assert!(err.contains("2024_01_01_000000_test.php:11"), "{err}");
    assert!(
        err.contains("more than one dropColumn/renameColumn"),
        "{err}"
    );

    let drop_fk = "Schema::table('users', function (Blueprint $table) { $table->dropForeign(['team_id']); });";
    let err = sql(Dialect::Sqlite, &[USERS, drop_fk])
        .unwrap_err()
        .to_string();
    assert!(err.contains("users_team_id_foreign"), "{err}");
    assert!(sql(Dialect::Postgres, &[USERS, drop_fk]).is_ok());

    let change = "Schema::table('users', function (Blueprint $table) { $table->tinyInteger('email')->change(); });";
    let err = sql(Dialect::Mysql, &[USERS, change])
        .unwrap_err()
        .to_string();
    assert!(err.contains("Doctrine DBAL"), "{err}");
}

#[test]
fn syntax_errors_and_opaque_code_name_file_and_line() {
    let err = sql(
        Dialect::Sqlite,
        &["Schema::create('a', function (Blueprint $t) { $t->id() $t->string('b'); });"],
    )
    .unwrap_err();
    assert!(
        matches!(err, LaravelError::Syntax { line: 9, .. }),
        "{err:?}"
    );

    let err = sql(
        Dialect::Sqlite,
        &["$name = 'a';\n        Schema::create($name, function (Blueprint $t) { $t->id(); });\n        while (false) {}"],
    )
    .unwrap_err();
    let LaravelError::Opaque(parts) = &err else {
        panic!("{err:?}")
    };
    let lines: Vec<usize> = parts.iter().map(|p| p.line).collect();
    assert_eq!(lines, [9, 10, 11], "{err}");
    assert!(parts[1].reason.contains("the variable $name"), "{err}");
    assert!(parts[2].reason.contains("`while` loop"), "{err}");
}

#[test]
fn laravels_migrations_table_is_created_read_and_written_as_laravel_does() {
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::parse(&format!("sqlite://{}", dir.path().join("app.db").display())).unwrap();
    let mut conn = keel_sqlite::SqliteDriver.connect(&url).unwrap();
    let history = LaravelHistory::default();
    assert!(
        history.load(conn.as_mut()).unwrap().is_empty(),
        "reading never creates"
    );
    assert!(!conn.table_exists("migrations").unwrap());

    history.ensure(conn.as_mut()).unwrap();
    let ddl = conn
        .query(
            "SELECT sql FROM sqlite_master WHERE name = 'migrations'",
            &[],
        )
        .unwrap();
    assert_eq!(
        ddl[0][0].as_str(),
        Some(
            r#"CREATE TABLE "migrations" ("id" integer not null primary key autoincrement, "migration" varchar not null, "batch" integer not null)"#
        )
    );

    // A row artisan wrote before keel was adopted has no checksum: unknown, not modified.
    conn.execute("INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_000000_create_users_table', 1)")
        .unwrap();
    let row = HistoryRow {
        id: "2024_01_01_000000_create_posts_table".into(),
        name: "create_posts_table".into(),
        checksum: "abc".into(),
        batch: 2,
        applied_at: "2024-01-01T00:00:00Z".into(),
        duration_ms: 5,
        applied_by: "me@host".into(),
        state: RowState::Applied,
        failed_statement: None,
        error: None,
    };
    history.insert(conn.as_mut(), &row).unwrap();
    let rows = history.load(conn.as_mut()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].id, "2014_10_12_000000_create_users_table");
    assert_eq!(rows[0].name, "create_users_table");
    assert_eq!(rows[0].checksum, "");
    assert_eq!(rows[1], row);
    let laravel = conn
        .query(
            "SELECT id, migration, batch FROM migrations ORDER BY id",
            &[],
        )
        .unwrap();
    assert_eq!(
        laravel[1][1].as_str(),
        Some("2024_01_01_000000_create_posts_table")
    );
    assert_eq!(laravel[1][2].as_i64(), Some(2));

    history.delete(conn.as_mut(), &row.id).unwrap();
    assert_eq!(history.load(conn.as_mut()).unwrap().len(), 1);
    assert!(conn
        .query("SELECT * FROM keel_checksums", &[])
        .unwrap()
        .is_empty());
}

#[test]
fn env_urls_come_from_database_url_or_the_db_parts() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    let url = |text: &str| {
        std::fs::write(&env, text).unwrap();
        keel_laravel::env::connection_url(&env, dir.path(), &|_| None)
    };
    let u = url("DB_CONNECTION=pgsql\nDATABASE_URL=\"postgres://app:pw@db:5433/shop\"\n").unwrap();
    assert_eq!(u.to_string(), "postgres://app:***@db:5433/shop");
    let u = url("DB_CONNECTION=sqlite\nDB_DATABASE=database/app.sqlite # local\n").unwrap();
    assert_eq!(
        u.sqlite_path().unwrap(),
        dir.path().join("database/app.sqlite")
    );
    let err = url("DB_CONNECTION=sqlsrv\n").unwrap_err().to_string();
    assert!(err.contains("sqlsrv") && err.contains(".env"), "{err}");
    let err = url("DB_CONNECTION=mysql\nDB_PASSWORD=\"never-shown\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("DB_DATABASE"), "{err}");
    assert!(!err.contains("never-shown"), "{err}");
}

#[test]
fn an_opaque_down_does_not_stop_replaying_up() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('a', function (Blueprint $t) { $t->id(); });\n    }\n    public function down() {\n        foreach (['a'] as $t) { Schema::drop($t); }\n    }\n};\n";
    std::fs::write(dir.path().join("2024_01_01_000000_create_a.php"), text).unwrap();
    let files = keel_laravel::source::load(dir.path()).unwrap();
    let compiled =
        keel_laravel::source::compile(&files, Dialect::Sqlite, &ConnectionConfig::default())
            .unwrap();
    assert_eq!(compiled[0].up.len(), 1);
    let down = compiled[0].down.as_ref().unwrap_err().to_string();
    assert!(down.contains("2024_01_01_000000_create_a.php:7"), "{down}");
    let migrations = keel_laravel::source::to_migrations(&compiled);
    assert_eq!(migrations[0].id, "2024_01_01_000000_create_a");
    assert_eq!(migrations[0].name, "create_a");
    assert_eq!(
        migrations[0].checksum,
        keel_migrate::checksum(text),
        "the checksum is the PHP file's"
    );
}

/// Every prefix of every fixture migration is read without a panic: an error or a result.
#[test]
fn truncated_php_never_panics() {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../keel/tests/laravel/app/database/migrations");
    let mut files = 0;
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files += 1;
        for cut in (0..text.len()).step_by(23) {
            let Some(prefix) = text.get(..cut) else {
                continue;
            };
            if let Ok(ir) = read_migration(&path, prefix) {
                for dialect in Dialect::ALL {
                    let _ =
                        Compiler::new(dialect, ConnectionConfig::default()).compile(&path, &ir.up);
                }
            }
        }
    }
    assert!(files >= 40, "{files} fixture files");
}
