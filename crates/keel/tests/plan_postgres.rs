//! The planner's PostgreSQL cases (schema-model guide §12.4), applied for real: the generated
//! up script must turn A into B and its down script B back into A, compared by snapshot, with
//! the rows that A held still there, and a second diff after each must be empty.

mod common;

use common::{Engine, Project};

/// Builds A and B, emits the plan between them, applies it to A (seeded with `seed`) and back,
/// and returns the up and down scripts for further assertions. `None` when no PostgreSQL
/// server is available.
fn round_trip(
    a_sql: &str,
    b_sql: &str,
    seed: &str,
    extra: &[&str],
) -> Option<(String, String, Project)> {
    if !Engine::Postgres.available() {
        return None;
    }
    let p = Project::new(Engine::Postgres);
    let b = Project::new(Engine::Postgres);
    run(&p, a_sql);
    run(&b, b_sql);
    p.keel(&["snapshot", "--out", "a.json"]).expect_code(0);
    b.keel(&["snapshot", "--out", p.root.join("b.json").to_str().unwrap()])
        .expect_code(0);
    run(&p, seed);
    let mut args = vec!["diff", "a.json", "b.json", "--emit", "sql", "--out", "gen"];
    args.extend_from_slice(extra);
    let emitted = p.keel(&args);
    assert!(emitted.code <= 1, "{}", emitted.all());
    let read = |suffix: &str| {
        let entry = std::fs::read_dir(p.root.join("gen"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|path| path.to_string_lossy().ends_with(suffix))
            .unwrap();
        std::fs::read_to_string(entry).unwrap()
    };
    let (up, down) = (read(".up.sql"), read(".down.sql"));

    let migrated = p.keel(&["migrate", "--dir", "gen", "--allow-missing"]);
    assert_eq!(migrated.code, 0, "{}\n--- script\n{up}", migrated.all());
    same(&p, "b.json", &up);
    let rolled = p.keel(&["rollback", "--dir", "gen"]);
    assert_eq!(rolled.code, 0, "{}\n--- script\n{down}", rolled.all());
    same(&p, "a.json", &down);
    p.keel(&["migrate", "--dir", "gen", "--allow-missing"])
        .expect_code(0);
    same(&p, "b.json", &up);
    Some((up, down, p))
}

fn run(p: &Project, sql: &str) {
    let mut conn = p.db.connect();
    for s in keel_sql::split(sql, keel_sql::Dialect::Postgres).unwrap() {
        conn.execute(&s.text)
            .unwrap_or_else(|e| panic!("{e}\n{}", s.text));
    }
}

/// The live database matches `expected` exactly, and planning from it to `expected` again
/// finds nothing left to do (the plan converged in one run).
#[track_caller]
fn same(p: &Project, expected: &str, script: &str) {
    p.keel(&["snapshot", "--out", "live.json"]).expect_code(0);
    let live = std::fs::read_to_string(p.root.join("live.json")).unwrap();
    let want = std::fs::read_to_string(p.root.join(expected)).unwrap();
    if live != want {
        let d = p.keel(&["diff", expected, "live.json"]);
        panic!(
            "after the script the database differs from {expected}:\n{}\n--- script\n{script}",
            d.stdout
        );
    }
    let again = p.keel(&["diff", p.db.url(), expected, "--emit", "sql"]);
    assert_eq!(
        again.code,
        0,
        "a second diff is not empty:\n{}",
        again.all()
    );
    assert_eq!(again.stdout.trim(), "", "{}", again.all());
}

#[test]
fn pg_enum_value_added_with_typed_default() {
    let a = "CREATE TYPE mood AS ENUM ('happy', 'sad');
             CREATE TABLE people (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'happy',
                                  moods mood[] NOT NULL DEFAULT '{happy}');";
    let b = "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');
             CREATE TABLE people (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok',
                                  moods mood[] NOT NULL DEFAULT '{happy}');";
    let seed = "INSERT INTO people (id) VALUES (1), (2);";
    let Some((up, down, p)) = round_trip(a, b, seed, &[]) else {
        return;
    };
    assert!(up.contains("ADD VALUE 'ok' AFTER 'happy'"), "{up}");
    assert!(up.contains("SET DEFAULT 'ok'"), "{up}");
    assert!(
        up.starts_with("-- keel:no-transaction"),
        "a label added cannot be used in its own transaction:\n{up}"
    );
    // Back: the label goes, so the type is replaced and the column re-cast around its
    // default.
    assert!(down.contains("RENAME TO \"mood__keel_old\""), "{down}");
    assert!(
        down.contains("-- destructive"),
        "removing a label can lose rows:\n{down}"
    );
    p.db.execute("INSERT INTO people (id) VALUES (3)");
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM people WHERE mood = 'ok'"),
        1
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM people"), 3);
}

#[test]
fn pg_enum_array_dependency() {
    let table = "CREATE TABLE posts (
                   id int PRIMARY KEY,
                   status status NOT NULL DEFAULT 'draft',
                   history status[] NOT NULL DEFAULT '{draft}',
                   CONSTRAINT posts_published_positive CHECK (status <> 'published' OR id > 0));
                 CREATE INDEX posts_live_idx ON posts (id) WHERE status = 'published';
                 CREATE VIEW live_posts AS SELECT id, history FROM posts WHERE status = 'published';";
    let a = format!("CREATE TYPE status AS ENUM ('draft', 'published', 'archived'); {table}");
    let b = format!("CREATE TYPE status AS ENUM ('published', 'draft'); {table}");
    let seed =
        "INSERT INTO posts VALUES (1, 'draft', '{draft}'), (2, 'published', '{draft,published}');";
    let Some((up, down, p)) = round_trip(&a, &b, seed, &[]) else {
        return;
    };
    for text in [&up, &down] {
        assert!(text.contains("USING \"status\"::text::status"), "{text}");
        assert!(
            text.contains("USING \"history\"::text[]::status[]"),
            "{text}"
        );
        assert!(text.contains("DROP TYPE \"status__keel_old\""), "{text}");
        assert!(text.contains("DROP VIEW \"live_posts\""), "{text}");
    }
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM live_posts WHERE history = '{draft,published}'"),
        1
    );
    assert_eq!(p.db.scalar("SELECT count(*) FROM posts"), 2);
}

#[test]
fn pg_serial_vs_identity() {
    let a = "CREATE TABLE a_serial (id serial PRIMARY KEY, v text);
             CREATE TABLE b_identity (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);
             CREATE TABLE c_always (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
             CREATE TABLE d_custom (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY);
             CREATE SEQUENCE odd_seq AS integer START WITH 7;
             CREATE TABLE e_owned (id integer NOT NULL DEFAULT nextval('odd_seq') PRIMARY KEY);
             ALTER SEQUENCE odd_seq OWNED BY e_owned.id;";
    // From nothing: the three kinds (and the owned sequence's name and settings) come back.
    let Some((up, _, _)) = round_trip("", a, "", &[]) else {
        return;
    };
    assert!(up.contains("\"id\" serial NOT NULL"), "{up}");
    assert!(up.contains("GENERATED ALWAYS AS IDENTITY"), "{up}");
    assert!(up.contains("CREATE SEQUENCE \"odd_seq\""), "{up}");

    // Switching between them keeps the rows and numbering continues after them.
    let b = "CREATE TABLE a_serial (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);
             CREATE TABLE b_identity (id serial PRIMARY KEY, v text);
             CREATE TABLE c_always (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);
             CREATE TABLE d_custom (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY);
             CREATE SEQUENCE odd_seq AS integer START WITH 7;
             CREATE TABLE e_owned (id integer NOT NULL DEFAULT nextval('odd_seq') PRIMARY KEY);
             ALTER SEQUENCE odd_seq OWNED BY e_owned.id;";
    let seed = "INSERT INTO a_serial (v) VALUES ('x'), ('y');
                INSERT INTO b_identity (v) VALUES ('x'), ('y');
                INSERT INTO c_always (v) VALUES ('x');";
    let Some((up, down, p)) = round_trip(a, b, seed, &[]) else {
        return;
    };
    assert!(up.contains("ADD GENERATED BY DEFAULT AS IDENTITY"), "{up}");
    assert!(up.contains("SET GENERATED BY DEFAULT"), "{up}");
    assert!(down.contains("SET GENERATED ALWAYS"), "{down}");
    p.db.execute("INSERT INTO a_serial (v) VALUES ('z')");
    p.db.execute("INSERT INTO b_identity (v) VALUES ('z')");
    assert_eq!(p.db.scalar("SELECT max(id) FROM a_serial"), 3);
    assert_eq!(p.db.scalar("SELECT max(id) FROM b_identity"), 3);

    // A renamed table keeps its old sequence names.
    let people = "CREATE TABLE people (id serial PRIMARY KEY, n int GENERATED ALWAYS AS IDENTITY);";
    let persons = format!(
        "{people} ALTER TABLE people RENAME TO persons; ALTER INDEX people_pkey RENAME TO persons_pkey;"
    );
    let Some((up, _, p)) = round_trip(
        people,
        &persons,
        "INSERT INTO people DEFAULT VALUES;",
        &["--rename-table", "people=persons"],
    ) else {
        return;
    };
    assert!(
        !up.contains("SEQUENCE"),
        "the sequences keep their names:\n{up}"
    );
    p.db.execute("INSERT INTO persons DEFAULT VALUES");
    assert_eq!(p.db.scalar("SELECT max(id) FROM persons"), 2);
}

#[test]
fn pg_unique_constraint_vs_index() {
    let a = "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL,
                                    CONSTRAINT accounts_email_key UNIQUE (email));";
    let b = "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
             CREATE UNIQUE INDEX accounts_email_key ON accounts (email);";
    let seed = "INSERT INTO accounts VALUES (1, 'a@x'), (2, 'b@x');";
    let Some((up, down, p)) = round_trip(a, b, seed, &[]) else {
        return;
    };
    let diff = p.keel(&["diff", "a.json", "b.json"]);
    assert_eq!(
        diff.code,
        1,
        "the kind is a real difference:\n{}",
        diff.all()
    );
    assert!(
        up.contains("DROP CONSTRAINT \"accounts_email_key\""),
        "{up}"
    );
    assert!(
        up.contains("CREATE UNIQUE INDEX \"accounts_email_key\""),
        "{up}"
    );
    assert!(down.contains("DROP INDEX \"accounts_email_key\""), "{down}");
    assert!(
        down.contains("ADD CONSTRAINT \"accounts_email_key\" UNIQUE (\"email\")"),
        "{down}"
    );
}

#[test]
fn pg_deferrable_unique() {
    let albums = "CREATE TABLE albums (id int PRIMARY KEY);";
    let a = format!(
        "{albums} CREATE TABLE album_photos (album_id int NOT NULL REFERENCES albums (id), position int NOT NULL,
                   CONSTRAINT album_photos_position_key UNIQUE (album_id, position));"
    );
    let b = format!(
        "{albums} CREATE TABLE album_photos (
                   album_id int NOT NULL REFERENCES albums (id) DEFERRABLE INITIALLY IMMEDIATE,
                   position int NOT NULL,
                   CONSTRAINT album_photos_position_key UNIQUE (album_id, position) DEFERRABLE INITIALLY DEFERRED);"
    );
    let Some((up, _, _)) = round_trip("", &b, "", &[]) else {
        return;
    };
    assert!(
        up.contains("UNIQUE (\"album_id\", \"position\") DEFERRABLE INITIALLY DEFERRED"),
        "{up}"
    );
    let seed = "INSERT INTO albums VALUES (1); INSERT INTO album_photos VALUES (1, 1), (1, 2);";
    let Some((up, down, p)) = round_trip(&a, &b, seed, &[]) else {
        return;
    };
    assert!(up.contains("DEFERRABLE INITIALLY IMMEDIATE"), "{up}");
    assert!(!down.contains("DEFERRABLE"), "{down}");
    // Deferred to commit: positions can be swapped one row at a time.
    let mut conn = p.db.connect();
    conn.execute("BEGIN").unwrap();
    conn.execute("UPDATE album_photos SET position = 2 WHERE position = 1")
        .unwrap();
    conn.execute(
        "UPDATE album_photos SET position = 1 WHERE ctid = (SELECT min(ctid) FROM album_photos)",
    )
    .unwrap();
    conn.execute("COMMIT").unwrap();
}

#[test]
fn pg_complex_index() {
    let table = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text,
                                     deleted_at timestamptz, tags text[]);";
    let mut indexes = String::from(
        "CREATE UNIQUE INDEX users_email_live_key ON users (lower(email) text_pattern_ops DESC NULLS LAST)
             INCLUDE (id) WHERE deleted_at IS NULL;
         CREATE INDEX users_name_posix_idx ON users (name COLLATE \"POSIX\" NULLS FIRST, id DESC);
         CREATE INDEX users_tags_idx ON users USING gin (tags);
         COMMENT ON INDEX users_tags_idx IS 'tag search';",
    );
    if Engine::Postgres.available() {
        let probe = Project::new(Engine::Postgres);
        if probe
            .db
            .scalar("SELECT current_setting('server_version_num')::int")
            >= 150_000
        {
            indexes.push_str(
                "CREATE UNIQUE INDEX users_email_nnd_key ON users (email) NULLS NOT DISTINCT;",
            );
        }
    }
    let b = format!("{table} {indexes}");
    let seed =
        "INSERT INTO users VALUES (1, 'A@x', 'a', NULL, '{x}'), (2, 'a@x', 'b', now(), '{y}');";
    let Some((up, _, _)) = round_trip(table, &b, seed, &[]) else {
        return;
    };
    assert!(
        up.contains("((lower(email)) text_pattern_ops DESC NULLS LAST) INCLUDE (\"id\") WHERE (deleted_at IS NULL)"),
        "{up}"
    );
    assert!(up.contains("USING gin"), "{up}");
    assert!(up.contains("COLLATE \"POSIX\""), "{up}");
    round_trip("", &b, "", &[]);
}

#[test]
fn pg_identifier_63_bytes() {
    // Greek letters take two bytes: these names are cut to 63 bytes on a character boundary.
    let table = "κατάλογος_προϊόντων_με_ένα_πολύ_πολύ_μεγάλο_όνομα";
    let a = format!("CREATE TABLE \"{table}\" (id serial PRIMARY KEY, περιγραφή_του_προϊόντος_στα_ελληνικά text NOT NULL);");
    let b = format!(
        "{a}
         CREATE INDEX \"δείκτης_με_ένα_όνομα_που_ξεπερνά_κατά_πολύ_το_όριο_των_εξήντα_τριών_bytes\"
             ON \"{table}\" (περιγραφή_του_προϊόντος_στα_ελληνικά);
         ALTER TABLE \"{table}\" ADD UNIQUE (περιγραφή_του_προϊόντος_στα_ελληνικά);
         ALTER TABLE \"{table}\" ADD CONSTRAINT a_check_constraint_whose_name_is_much_longer_than_sixty_three_bytes
             CHECK (length(περιγραφή_του_προϊόντος_στα_ελληνικά) > 0);"
    );
    let seed =
        format!("INSERT INTO \"{table}\" (περιγραφή_του_προϊόντος_στα_ελληνικά) VALUES ('ένα');");
    let Some((up, _, p)) = round_trip(&a, &b, &seed, &[]) else {
        return;
    };
    let snapshot = std::fs::read_to_string(p.root.join("b.json")).unwrap();
    assert!(
        !snapshot.contains("όριο_των_εξήντα_τριών_bytes"),
        "the server cut the name before keel saw it"
    );
    assert!(up.contains("CREATE INDEX"), "{up}");
    round_trip("", &b, "", &[]);
}

#[test]
fn fk_cycle_and_self_reference() {
    let cyclic = "CREATE TABLE a (id int PRIMARY KEY, b_id int);
                  CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
                  ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id);
                  CREATE TABLE nodes (id int PRIMARY KEY, parent_id int REFERENCES nodes (id) ON DELETE CASCADE);";
    let Some((up, down, _)) = round_trip("", cyclic, "", &[]) else {
        return;
    };
    assert_eq!(up.matches("CREATE TABLE").count(), 3, "{up}");
    let last_create = up.rfind("CREATE TABLE").unwrap();
    assert!(
        up.find("FOREIGN KEY").unwrap() > last_create,
        "foreign keys are added after every table exists:\n{up}"
    );
    assert_eq!(down.matches("DROP TABLE").count(), 3, "{down}");
    assert!(
        down.find("DROP CONSTRAINT").unwrap() < down.find("DROP TABLE").unwrap(),
        "foreign keys are dropped first:\n{down}"
    );
    // And the other direction: from the cycle, with rows, to nothing and back.
    let seed = "INSERT INTO a VALUES (1, NULL); INSERT INTO b VALUES (1, 1); UPDATE a SET b_id = 1;
                INSERT INTO nodes VALUES (1, NULL), (2, 1);";
    round_trip(cyclic, "", seed, &[]);
}

#[test]
fn rename_requires_hint() {
    let a = "CREATE TABLE people (id int PRIMARY KEY, full_name text);
             CREATE INDEX people_full_name_idx ON people (full_name);";
    let b = "CREATE TABLE persons (id int PRIMARY KEY, display_name text);
             CREATE INDEX persons_display_name_idx ON persons (display_name);";
    let Some((guessed, _, _)) = round_trip(a, b, "", &[]) else {
        return;
    };
    assert!(
        guessed.contains("DROP TABLE \"people\""),
        "no hint: drop + create:\n{guessed}"
    );
    assert!(guessed.contains("-- destructive"), "{guessed}");

    let hints = [
        "--rename-table",
        "people=persons",
        "--rename-column",
        "people.full_name=display_name",
        "--rename-index",
        "people.people_full_name_idx=persons_display_name_idx",
    ];
    let seed = "INSERT INTO people VALUES (7, 'Ada');";
    let Some((hinted, down, p)) = round_trip(a, b, seed, &hints) else {
        return;
    };
    for rename in [
        "RENAME TO \"persons\"",
        "RENAME COLUMN \"full_name\" TO \"display_name\"",
        "RENAME TO \"persons_display_name_idx\"",
    ] {
        assert!(hinted.contains(rename), "{rename}:\n{hinted}");
    }
    for drop in ["DROP TABLE", "DROP COLUMN", "DROP INDEX", "-- destructive"] {
        assert!(!hinted.contains(drop), "{drop}:\n{hinted}");
    }
    assert!(
        down.contains("RENAME TO \"people\""),
        "the down script renames back:\n{down}"
    );
    assert_eq!(
        p.db.scalar("SELECT id FROM persons WHERE display_name = 'Ada'"),
        7
    );
}
