//! `keel check` on every engine (docs/guard.md): orphaned foreign-key rows counted from the
//! declared keys even where the engine did not enforce them, NULLs in required columns, and
//! the `[[check]]` assertions of keel.toml; exit 1 naming each failure, 2 on bad input.

mod common;

use common::{Engine, Project};
use serde_json::{json, Value};

/// posts ← photos (photos.post_id references posts.id), with keel.toml requiring
/// photos.caption and asserting that every photo has a post.
fn blog(p: &Project) {
    p.migration(
        "0001_create_posts_and_photos",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(100));\n\
         CREATE TABLE photos (id INTEGER PRIMARY KEY, post_id INTEGER, caption VARCHAR(100), \
           CONSTRAINT photos_post_fk FOREIGN KEY (post_id) REFERENCES posts (id));\n",
        "DROP TABLE photos;\nDROP TABLE posts;\n",
    );
    p.keel_json(&["migrate"], 0);
    p.write(
        "keel.toml",
        "[guard]\nrequired = [\"photos.caption\"]\n\n\
         [[check]]\nname = \"every photo belongs to a post\"\n\
         sql = \"SELECT count(*) FROM photos WHERE post_id IS NULL\"\nexpect = 0\n",
    );
    p.db.execute("INSERT INTO posts (id, title) VALUES (1, 'first'), (2, 'second')");
    p.db.execute(
        "INSERT INTO photos (id, post_id, caption) VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 1, 'c')",
    );
}

/// Inserts photos pointing at posts that do not exist, the way each engine lets orphans in:
/// SQLite with foreign_keys off, MySQL with foreign_key_checks=0, PostgreSQL
/// through a constraint added NOT VALID after the rows.
fn seed_orphans(p: &Project) {
    let orphans = "INSERT INTO photos (id, post_id, caption) VALUES (10, 98, 'x'), (11, 99, 'y')";
    match p.db.engine() {
        Engine::Sqlite => {
            let mut conn = p.db.connect();
            conn.execute("PRAGMA foreign_keys = OFF").unwrap();
            conn.execute(orphans).unwrap();
        }
        Engine::Mysql => {
            let mut conn = p.db.connect();
            conn.execute("SET foreign_key_checks = 0").unwrap();
            conn.execute(orphans).unwrap();
            conn.execute("SET foreign_key_checks = 1").unwrap();
        }
        Engine::Postgres => {
            p.db.execute("ALTER TABLE photos DROP CONSTRAINT photos_post_fk");
            p.db.execute(orphans);
            p.db.execute(
                "ALTER TABLE photos ADD CONSTRAINT photos_post_fk FOREIGN KEY (post_id) \
                 REFERENCES posts (id) NOT VALID",
            );
        }
    }
}

fn failures(report: &Value) -> Vec<Value> {
    report["failures"].as_array().unwrap().clone()
}

fn clean_data_passes(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    let report = p.keel_json(&["check"], 0);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["failures"], json!([]));
    assert_eq!(
        report["checked"],
        json!({ "foreign_keys": 1, "required": 1, "assertions": 1 })
    );
    let run = p.keel(&["check"]);
    run.expect_code(0);
    assert!(run.stdout.contains("ok: 1 foreign key"), "{}", run.all());
}

fn seeded_orphans_are_found(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    seed_orphans(&p);
    let report = p.keel_json(&["check"], 1);
    assert_eq!(report["ok"], false);
    let f = failures(&report);
    assert_eq!(f.len(), 1, "{report}");
    assert_eq!(f[0]["kind"], "orphaned_rows");
    assert_eq!(f[0]["table"], "photos");
    assert_eq!(f[0]["columns"], json!(["post_id"]));
    assert_eq!(f[0]["references"], "posts");
    assert_eq!(f[0]["count"], 2);
    let run = p.keel(&["check"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("photos(post_id) → posts(id): 2 orphaned rows"),
        "{}",
        run.all()
    );
}

fn a_failing_assertion_and_nulls_in_required_columns_are_named(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.db.execute("INSERT INTO photos (id, post_id, caption) VALUES (20, NULL, NULL)");
    let report = p.keel_json(&["check"], 1);
    let f = failures(&report);
    assert_eq!(f.len(), 2, "{report}");
    assert_eq!(f[0]["kind"], "null_in_required");
    assert_eq!(f[0]["table"], "photos");
    assert_eq!(f[0]["column"], "caption");
    assert_eq!(f[0]["count"], 1);
    assert_eq!(f[1]["kind"], "assertion");
    assert_eq!(f[1]["name"], "every photo belongs to a post");
    assert_eq!(f[1]["expected"], 0);
    assert_eq!(f[1]["actual"], 1);
    let run = p.keel(&["check"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("check \"every photo belongs to a post\": returned 1, expected 0"),
        "{}",
        run.all()
    );
}

fn checks_change_nothing(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.write(
        "keel.toml",
        "[[check]]\nname = \"sneaky\"\nsql = \"DELETE FROM photos\"\nexpect = 0\n",
    );
    // A statement that returns no number is bad input, and whatever it did is rolled back.
    p.keel(&["check"]).expect_code(2);
    assert_eq!(p.db.scalar("SELECT count(*) FROM photos"), 3);
}

fn bad_checks_are_bad_input(engine: Engine) {
    let p = Project::new(engine);
    blog(&p);
    p.write(
        "keel.toml",
        "[[check]]\nname = \"typo\"\nsql = \"SELEC count(*) FROM photos\"\nexpect = 0\n",
    );
    let run = p.keel(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("[[check]] \"typo\" could not run"),
        "{}",
        run.stderr
    );

    p.write("keel.toml", "[guard]\nrequired = [\"photos.captoin\"]\n");
    let run = p.keel(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("photos.captoin") && run.stderr.contains("does not have"),
        "{}",
        run.stderr
    );
}

keel_testkit::engine_tests!(
    clean_data_passes,
    seeded_orphans_are_found,
    a_failing_assertion_and_nulls_in_required_columns_are_named,
    checks_change_nothing,
    bad_checks_are_bad_input,
);
