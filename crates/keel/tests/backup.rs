//! Backups on SQLite, end to end through the real binary: what `keel backup` promises in
//! docs/backups.md and docs/backup-format.md — exact round trips, no half backups after a
//! kill, damage named by `verify`, a full disk that leaves nothing behind, plain-SQL export,
//! encryption, prune, and the automatic backups of `migrate` and `rollback`.

#![expect(
    clippy::print_stderr,
    reason = "timings, kill seeds and skip notes belong in test output"
)]

mod common;

use common::kill::KillMoments;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::backup::{
    backups_dir, content_hash, content_hash_at, create, exec_all, list, snapshot,
};
use common::{keel_bin, Engine, Project, Run};

// ---------------------------------------------------------------- helpers

/// Views, triggers, generated columns, self- and cyclic foreign keys, NULLs, empty strings,
/// binary, a few MB of text, unicode, awkward floats, AUTOINCREMENT counters, a WITHOUT ROWID
/// table and text holding a NUL byte.
fn nasty_fixture(p: &Project) {
    exec_all(&p.db, &[
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, \
           manager_id INTEGER REFERENCES users (id), bio TEXT, avatar BLOB, score REAL, \
           name_len INTEGER GENERATED ALWAYS AS (length(name)) VIRTUAL, \
           upper_name TEXT GENERATED ALWAYS AS (upper(name)) STORED)",
        "CREATE TABLE teams (id INTEGER PRIMARY KEY, lead_id INTEGER REFERENCES members (id), name TEXT)",
        "CREATE TABLE members (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id), user_id INTEGER REFERENCES users (id))",
        "CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID",
        "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT)",
        "CREATE TABLE audit (at TEXT, what TEXT)",
        "CREATE INDEX users_manager ON users (manager_id)",
        "CREATE UNIQUE INDEX teams_name ON teams (name)",
        "CREATE VIEW user_names AS SELECT id, name FROM users",
        "CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN INSERT INTO audit VALUES ('trigger', 'user ' || NEW.name); END",
        "INSERT INTO users (name, manager_id, bio, avatar, score) VALUES ('root', NULL, NULL, NULL, 0.1)",
        "INSERT INTO users (name, manager_id, bio, avatar, score) VALUES ('ünïcødé 日本語 🚀', 1, '', X'00FF7F80', 1e308)",
        "INSERT INTO users (name, manager_id, bio, avatar, score) VALUES ('quote''s; -- not a comment', 1, 'line1' || char(10) || 'line2' || char(13), X'', -2.5e-300)",
        "INSERT INTO users (name, manager_id, bio, avatar, score) VALUES ('huge', 2, hex(randomblob(1500000)), randomblob(100000), 3.141592653589793)",
        "INSERT INTO users (name, manager_id, bio, avatar, score) VALUES ('floats', 2, NULL, NULL, 1.0 / 3)",
        "INSERT INTO teams VALUES (1, NULL, 'core')",
        "INSERT INTO members VALUES (1, 1, 2)",
        "UPDATE teams SET lead_id = 1 WHERE id = 1",
        "INSERT INTO kv VALUES ('a', NULL), ('b', ''), ('c', 0.30000000000000004), ('d', X''), ('e', 'a' || char(0) || 'b'), ('f', -9223372036854775808), ('g', 9007199254740993), ('h', 5e-324)",
        "INSERT INTO events (kind) VALUES ('x'), ('y'), ('z')",
        "DELETE FROM events WHERE id = 3",
        "INSERT INTO audit VALUES ('2020-01-01', 'manual')",
    ]);
}

fn flip_byte(path: &Path, at: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    let i = (at as usize).min(bytes.len() - 1);
    bytes[i] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

fn artifact(p: &Project, id: &str) -> PathBuf {
    backups_dir(p).join(format!("{id}.keelbak"))
}

fn manifest(p: &Project, id: &str) -> PathBuf {
    backups_dir(p).join(format!("{id}.manifest.json"))
}

/// A database big enough that `backup create` takes a noticeable time.
fn big_database(p: &Project, rows: u32) {
    exec_all(
        &p.db,
        &[
            "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB)",
            "CREATE TABLE marker (v TEXT)",
            "INSERT INTO marker VALUES ('A')",
        ],
    );
    p.db.execute(&format!(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) \
         INSERT INTO big SELECT x, randomblob(1024) FROM c"
    ));
}

// ---------------------------------------------------------------- round trip

#[test]
fn restore_gives_back_the_exact_schema_and_content_of_a_nasty_database() {
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    let schema_before = snapshot(&p, p.db.url());
    let content_before = content_hash(&p.db);
    let seq_before =
        p.db.query("SELECT name, seq FROM sqlite_sequence ORDER BY name");
    let id = create(&p);
    assert!(id.starts_with("test-") && id.ends_with("-manual"), "{id}");

    // Damage it every way a bad migration could.
    exec_all(
        &p.db,
        &[
            "DROP VIEW user_names",
            "DROP TRIGGER users_audit",
            "DELETE FROM kv",
            "UPDATE users SET bio = 'overwritten'",
            "INSERT INTO events (kind) VALUES ('after')",
            "CREATE TABLE new_things (id INTEGER PRIMARY KEY)",
        ],
    );
    assert_ne!(content_hash(&p.db), content_before);

    let run = p.keel(&["backup", "restore", &id, "--yes"]);
    run.expect_code(0);
    assert!(run.stdout.contains("pre-restore"), "{}", run.stdout);
    assert_eq!(snapshot(&p, p.db.url()), schema_before);
    assert_eq!(content_hash(&p.db), content_before);
    assert_eq!(
        p.db.query("SELECT name, seq FROM sqlite_sequence ORDER BY name"),
        seq_before
    );
    assert!(!p.db.has_table("new_things"));

    // The safety backup holds the damaged state, and restoring it undoes the restore.
    let safety = list(&p)
        .into_iter()
        .find(|e| e["reason"] == "pre-restore")
        .expect("a pre-restore safety backup");
    p.keel(&["backup", "restore", safety["id"].as_str().unwrap(), "--yes"])
        .expect_code(0);
    assert!(p.db.has_table("new_things"));
}

#[test]
fn export_sql_restores_with_sqlite3_alone() {
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    let schema_before = snapshot(&p, p.db.url());
    let content_before = content_hash(&p.db);
    let id = create(&p);
    let dump = p.root.join("dump.sql");
    p.keel(&[
        "backup",
        "export",
        &id,
        "--sql",
        "--out",
        dump.to_str().unwrap(),
    ])
    .expect_code(0);

    let fresh = p.root.join("fresh.db");
    let status = Command::new("sqlite3")
        .arg(&fresh)
        .stdin(std::fs::File::open(&dump).unwrap())
        .status()
        .expect("the sqlite3 CLI (installed by scripts/test)");
    assert!(status.success());
    let fresh_url = format!("sqlite://{}", fresh.display());
    assert_eq!(snapshot(&p, &fresh_url), schema_before);

    assert_eq!(content_hash_at(&fresh_url), content_before);
}

// ---------------------------------------------------------------- interruption

#[test]
fn a_kill_during_create_never_leaves_a_backup_that_list_or_verify_accepts() {
    let p = Project::new(Engine::Sqlite);
    big_database(&p, 12_000);
    let started = Instant::now();
    create(&p);
    let full = started.elapsed();
    eprintln!("one backup create takes {full:?}");
    let mut rng = KillMoments::new();
    for _ in 0..20 {
        let mut child = p.spawn_keel(&["backup", "create"]);
        std::thread::sleep(Duration::from_micros(
            rng.below(full.as_micros() as u64 * 12 / 10),
        ));
        let _ = child.kill();
        let _ = child.wait();
        for entry in list(&p) {
            let id = entry["id"].as_str().unwrap();
            let verify = p.keel(&["backup", "verify", id]);
            match entry["kind"].as_str().unwrap() {
                "keel" => {
                    verify.expect_code(0);
                }
                "incomplete" => {
                    verify.expect_code(1);
                }
                other => panic!("unexpected {other} entry {entry}"),
            }
        }
    }
}

#[test]
fn a_kill_during_restore_leaves_exactly_the_old_or_exactly_the_backed_up_database() {
    let p = Project::new(Engine::Sqlite);
    big_database(&p, 6_000);
    let backed_up = content_hash(&p.db);
    let id = create(&p);
    exec_all(
        &p.db,
        &[
            "UPDATE marker SET v = 'B'",
            "UPDATE big SET payload = randomblob(1000) WHERE id % 2 = 0",
            "DELETE FROM big WHERE id > 5000",
        ],
    );
    let old = content_hash(&p.db);
    assert_ne!(old, backed_up);
    let started = Instant::now();
    p.keel(&["backup", "restore", &id, "--yes"]).expect_code(0);
    let full = started.elapsed();
    eprintln!("one restore takes {full:?}");
    assert_eq!(content_hash(&p.db), backed_up);

    let mut rng = KillMoments::new();
    let mut outcomes = (0, 0);
    for _ in 0..20 {
        // Back to the "old" state, then restore and kill at a random moment.
        exec_all(
            &p.db,
            &[
                "UPDATE marker SET v = 'B'",
                "UPDATE big SET payload = randomblob(1000) WHERE id % 2 = 0",
                "DELETE FROM big WHERE id > 5000",
            ],
        );
        let before = content_hash(&p.db);
        let mut child = p.spawn_keel(&["backup", "restore", &id, "--yes"]);
        // From a third of the way in (verification and the safety backup come first) to
        // past the end, so kills land during the replacement itself too.
        let span = full.as_micros() as u64;
        std::thread::sleep(Duration::from_micros(span / 3 + rng.below(span)));
        let _ = child.kill();
        let _ = child.wait();
        let after = content_hash(&p.db);
        if after == before {
            outcomes.0 += 1;
        } else {
            assert_eq!(
                after, backed_up,
                "the database is neither the old one nor the backup"
            );
            outcomes.1 += 1;
        }
        p.db.execute("SELECT count(*) FROM big"); // the database still opens and reads
    }
    eprintln!(
        "kills left the old database {} times, the backup {} times",
        outcomes.0, outcomes.1
    );
}

// ---------------------------------------------------------------- corruption

fn assert_refused(p: &Project, id: &str, needle: &str) {
    let before = content_hash(&p.db);
    let verify = p.keel(&["backup", "verify", id]);
    verify.expect_code(1);
    assert!(
        verify.all().contains(needle),
        "verify should say {needle:?}:\n{}",
        verify.all()
    );
    let restore = p.keel(&["backup", "restore", id, "--yes"]);
    restore.expect_code(1);
    assert!(
        restore.all().contains("nothing") || restore.all().contains("not changed"),
        "{}",
        restore.all()
    );
    assert_eq!(
        content_hash(&p.db),
        before,
        "a refused restore must change nothing"
    );
}

#[test]
fn damaged_backups_are_named_by_verify_and_refused_by_restore() {
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    let flipped = create(&p);
    let truncated = create(&p);
    let swapped = create(&p);
    let donor = create(&p);
    p.db.execute("INSERT INTO audit VALUES ('later', 'not in any backup')");

    let len = std::fs::metadata(artifact(&p, &flipped)).unwrap().len();
    flip_byte(&artifact(&p, &flipped), len / 2);
    assert_refused(&p, &flipped, "SHA-256");

    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(artifact(&p, &truncated))
        .unwrap();
    file.set_len(len / 3).unwrap();
    assert_refused(&p, &truncated, "truncated");

    std::fs::copy(manifest(&p, &donor), manifest(&p, &swapped)).unwrap();
    assert_refused(&p, &swapped, &format!("belongs to backup {donor}"));

    // The untouched one still verifies.
    p.keel(&["backup", "verify", &donor]).expect_code(0);
    // An unknown id cannot be found: exit 2.
    p.keel(&["backup", "verify", "nope-nothing"]).expect_code(2);
}

/// A backup is checked with SQLite's `quick_check` as it is taken: a database whose index is
/// damaged (a restore would refuse the image) fails `create` with exit 2 and the reason, and
/// leaves no backup behind, even though every table still reads.
#[test]
fn a_damaged_database_is_refused_by_create_not_found_at_restore() {
    let p = Project::new(Engine::Sqlite);
    exec_all(
        &p.db,
        &[
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
            "CREATE INDEX t_v ON t (v)",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        ],
    );
    let page_size = p.db.scalar("PRAGMA page_size") as u64;
    let root =
        p.db.scalar("SELECT rootpage FROM sqlite_schema WHERE name = 't_v'") as u64;
    // The index's only page claims 65,535 cells: its b-tree is broken, the table is not.
    let path = p.db.url().strip_prefix("sqlite://").unwrap().to_string();
    let mut bytes = std::fs::read(&path).unwrap();
    let at = ((root - 1) * page_size + 3) as usize;
    bytes[at] = 0xff;
    bytes[at + 1] = 0xff;
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(
        p.db.scalar("SELECT count(*) FROM t"),
        3,
        "the table still reads"
    );

    let run = p.keel(&["backup", "create"]);
    run.expect_code(2);
    assert!(run.all().contains("quick_check"), "{}", run.all());
    assert!(list(&p).is_empty(), "no backup is left: {:?}", list(&p));
}

// ---------------------------------------------------------------- disk full

struct Mount(PathBuf);
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_no_partial_backup_and_an_untouched_database() {
    let p = Project::new(Engine::Sqlite);
    big_database(&p, 3_000); // ~3 MB of incompressible data; the folder holds 1 MB
    let dir = p.db.dir().join("small-disk");
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must run the disk-full test: mounting a tmpfs failed"
        );
        eprintln!("note: skipped — cannot mount a tmpfs here (needs root); CI runs it");
        return;
    }
    let _mount = Mount(dir.clone());
    p.write(
        "keel.toml",
        &format!("[backup]\ndir = \"{}\"\n", dir.display()),
    );
    let before = content_hash(&p.db);
    let run = p.keel(&["backup", "create"]);
    run.expect_code(2);
    assert!(run.stderr.contains("full"), "{}", run.stderr);
    assert!(
        run.stderr.contains("partial files were removed"),
        "{}",
        run.stderr
    );
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "journal.jsonl")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(content_hash(&p.db), before);
    assert!(list(&p).is_empty());
}

// ---------------------------------------------------------------- encryption

#[test]
fn encrypted_backups_need_the_right_identity_to_verify_deeply_and_restore() {
    use age::secrecy::ExposeSecret;
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    let key = age::x25519::Identity::generate();
    let wrong = age::x25519::Identity::generate();
    let key_file = p.write("key.txt", &format!("{}\n", key.to_string().expose_secret()));
    let wrong_file = p.write(
        "wrong.txt",
        &format!("{}\n", wrong.to_string().expose_secret()),
    );
    p.write(
        "keel.toml",
        &format!("[backup]\nencrypt_to = \"{}\"\n", key.to_public()),
    );
    let content = content_hash(&p.db);
    let id = create(&p);
    let bytes = std::fs::read(artifact(&p, &id)).unwrap();
    assert!(
        bytes.starts_with(b"age-encryption.org/v1"),
        "the artifact is an age file"
    );

    // Without an identity: size and checksum only, said plainly.
    let shallow = p.keel(&["backup", "verify", &id]);
    shallow.expect_code(0);
    assert!(shallow.all().contains("identity"), "{}", shallow.all());

    let bad = p.keel(&[
        "backup",
        "verify",
        &id,
        "--identity",
        wrong_file.to_str().unwrap(),
    ]);
    bad.expect_code(1);
    assert!(bad.all().contains("cannot decrypt"), "{}", bad.all());
    let refused = p.keel(&[
        "backup",
        "restore",
        &id,
        "--yes",
        "--identity",
        wrong_file.to_str().unwrap(),
    ]);
    refused.expect_code(1);

    p.keel(&[
        "backup",
        "verify",
        &id,
        "--identity",
        key_file.to_str().unwrap(),
    ])
    .expect_code(0);
    p.db.execute("DELETE FROM kv");
    p.keel(&[
        "backup",
        "restore",
        &id,
        "--yes",
        "--identity",
        key_file.to_str().unwrap(),
    ])
    .expect_code(0);
    assert_eq!(content_hash(&p.db), content);
}

// ---------------------------------------------------------------- list, prune, foreign

#[test]
fn list_shows_keel_backups_foreign_dumps_and_incomplete_pairs() {
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    let id = create(&p);
    let orphan = create(&p);
    std::fs::remove_file(manifest(&p, &orphan)).unwrap();
    std::fs::write(
        backups_dir(&p).join("nightly.sql"),
        "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n",
    )
    .unwrap();
    std::fs::copy(
        p.db.sqlite_path().unwrap(),
        backups_dir(&p).join("copy.sqlite3"),
    )
    .unwrap();
    let entries = list(&p);
    let kind_of = |id: &str| {
        entries
            .iter()
            .find(|e| e["id"] == id)
            .map(|e| e["kind"].as_str().unwrap().to_string())
    };
    assert_eq!(kind_of(&id).as_deref(), Some("keel"));
    assert_eq!(kind_of(&orphan).as_deref(), Some("incomplete"));
    assert_eq!(kind_of("nightly.sql").as_deref(), Some("foreign"));
    assert_eq!(kind_of("copy.sqlite3").as_deref(), Some("foreign"));
    for e in &entries {
        for key in ["id", "path", "created_at", "reason", "engine", "size_bytes"] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
    let keel = entries.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(keel["engine"], "sqlite");
    assert_eq!(keel["reason"], "manual");
    assert!(keel["size_bytes"].as_u64().unwrap() > 0);
    p.keel(&["backup", "verify", &orphan]).expect_code(1);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&backups_dir(&p)), 0o700);
        assert_eq!(mode(&artifact(&p, &id)), 0o600);
        assert_eq!(mode(&manifest(&p, &id)), 0o600);
    }
}

#[test]
fn foreign_sqlite3_dumps_and_files_restore_with_a_safety_backup() {
    let p = Project::new(Engine::Sqlite);
    nasty_fixture(&p);
    // sqlite3 .dump itself cuts text at a NUL byte, and SQLite versions before 3.43 read some
    // 17-digit floats back off by one bit; those values are keel's export's business, not a
    // foreign dump's.
    p.db.execute("DELETE FROM kv WHERE k IN ('c', 'e', 'h')");
    p.db.execute("UPDATE users SET score = 0.5 WHERE name = 'floats'");
    let content = content_hash(&p.db);
    let dump = backups_dir(&p).join("made-by-sqlite3.sql");
    std::fs::create_dir_all(backups_dir(&p)).unwrap();
    let out = Command::new("sqlite3")
        .arg(p.db.sqlite_path().unwrap())
        .arg(".dump")
        .output()
        .expect("the sqlite3 CLI");
    std::fs::write(&dump, out.stdout).unwrap();
    let copy = p.root.join("copy.db");
    std::fs::copy(p.db.sqlite_path().unwrap(), &copy).unwrap();

    p.db.execute("DELETE FROM kv");
    p.keel(&["backup", "restore", "made-by-sqlite3.sql", "--yes"])
        .expect_code(0);
    assert_eq!(content_hash(&p.db), content);

    // The same dump gzip-compressed restores directly.
    let gz = backups_dir(&p).join("made-by-sqlite3.sql.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    std::io::Write::write_all(&mut enc, &std::fs::read(&dump).unwrap()).unwrap();
    enc.finish().unwrap();
    p.db.execute("DELETE FROM kv");
    p.keel(&["backup", "restore", "made-by-sqlite3.sql.gz", "--yes"])
        .expect_code(0);
    assert_eq!(content_hash(&p.db), content);

    p.db.execute("UPDATE users SET bio = 'changed'");
    p.keel(&["backup", "restore", copy.to_str().unwrap(), "--yes"])
        .expect_code(0);
    assert_eq!(content_hash(&p.db), content);
    let safety = list(&p)
        .into_iter()
        .filter(|e| e["reason"] == "pre-restore")
        .count();
    assert_eq!(safety, 3, "each restore takes a safety backup first");
}

#[test]
fn prune_keeps_the_newest_backups_and_always_the_newest_verified_one() {
    let p = Project::new(Engine::Sqlite);
    p.db.execute("CREATE TABLE t (x)");
    let oldest = create(&p);
    let middle = create(&p);
    let newer = create(&p);
    let newest = create(&p);
    std::fs::write(backups_dir(&p).join("nightly.sql"), "-- foreign\n").unwrap();
    // Every backup newer than `oldest` is damaged.
    for id in [&middle, &newer, &newest] {
        flip_byte(&artifact(&p, id), 100);
    }
    let dry = p.keel_json(&["backup", "prune", "--keep", "1", "--dry-run"], 0);
    assert_eq!(dry["deleted"], serde_json::json!([newer, middle]));
    assert_eq!(list(&p).len(), 5, "a dry run removes nothing");

    let report = p.keel_json(&["backup", "prune", "--keep", "1"], 0);
    assert_eq!(report["protected"], serde_json::json!([oldest]));
    let left: Vec<String> = list(&p)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(left.contains(&newest) && left.contains(&oldest), "{left:?}");
    assert!(
        !left.contains(&middle) && !left.contains(&newer),
        "{left:?}"
    );
    assert!(
        left.contains(&"nightly.sql".to_string()),
        "foreign files are never pruned"
    );
    let journal = std::fs::read_to_string(backups_dir(&p).join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"backup.pruned\""));
}

// ---------------------------------------------------------------- migrate and rollback

fn two_migrations(p: &Project) {
    p.migration(
        "0001_create_photos",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT);\nINSERT INTO photos (caption) VALUES ('sunset');\n",
        "DROP TABLE photos;\n",
    );
    p.migration(
        "0002_create_posts",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);\n",
        "DROP TABLE posts;\n",
    );
}

fn keel_with_env(p: &Project, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(keel_bin())
        .args(args)
        .current_dir(&p.root)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn migrate_takes_a_verified_backup_first_and_prints_how_to_undo() {
    let p = Project::new(Engine::Sqlite);
    two_migrations(&p);
    let secret = "S3cretPassw0rd-do-not-leak";
    let env = [
        ("DATABASE_URL", p.db.url()),
        ("PGPASSWORD", secret),
        ("DB_PASSWORD", secret),
    ];
    let run = keel_with_env(&p, &["migrate"], &env);
    run.expect_code(0);
    let backups = list(&p);
    assert_eq!(backups.len(), 1);
    let id = backups[0]["id"].as_str().unwrap();
    assert_eq!(backups[0]["reason"], "pre-migrate");
    assert!(run.stdout.contains(id), "{}", run.stdout);
    assert!(
        run.stdout.contains("keel rollback --batch 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("keel backup restore {id}")),
        "{}",
        run.stdout
    );
    p.keel(&["backup", "verify", id]).expect_code(0);

    // Nothing pending: no backup.
    let again = p.keel_json(&["migrate"], 0);
    assert!(again["backup"].is_null());
    assert_eq!(list(&p).len(), 1);

    // No secret anywhere keel writes.
    let mut texts = vec![run.all()];
    for entry in std::fs::read_dir(backups_dir(&p)).unwrap() {
        let path = entry.unwrap().path();
        texts.push(path.file_name().unwrap().to_string_lossy().into_owned());
        if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl")
        {
            texts.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    for t in &texts {
        assert!(!t.contains(secret), "a secret leaked into {t}");
        assert!(!t.to_lowercase().contains("password"), "{t}");
    }

    // JSON names the backup; rollback takes its own.
    p.migration(
        "0003_more",
        "CREATE TABLE more (id INTEGER PRIMARY KEY);\n",
        "DROP TABLE more;\n",
    );
    let report = p.keel_json(&["migrate"], 0);
    let second = report["backup"].as_str().unwrap().to_string();
    assert!(second.ends_with("-pre-migrate"));
    let rolled = p.keel_json(&["rollback"], 0);
    assert!(
        rolled["backup"]
            .as_str()
            .unwrap()
            .ends_with("-pre-rollback"),
        "{rolled}"
    );
    let journal = std::fs::read_to_string(backups_dir(&p).join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"backup.created\""));
}

#[test]
fn no_backup_is_a_loud_opt_out() {
    let p = Project::new(Engine::Sqlite);
    two_migrations(&p);
    let run = p.keel(&["migrate", "--no-backup"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("warning: --no-backup"),
        "{}",
        run.stderr
    );
    assert!(list(&p).is_empty());
    let dry = p.keel(&["rollback", "--no-backup"]);
    dry.expect_code(0);
    assert!(
        dry.stderr.contains("warning: --no-backup"),
        "{}",
        dry.stderr
    );
    assert!(list(&p).is_empty());
}

#[test]
fn a_dry_run_takes_no_backup() {
    let p = Project::new(Engine::Sqlite);
    two_migrations(&p);
    p.keel(&["migrate", "--dry-run"]).expect_code(0);
    assert!(list(&p).is_empty());
}

// ---------------------------------------------------------------- progress

#[test]
fn progress_off_a_terminal_is_plain_lines_without_escape_codes() {
    let p = Project::new(Engine::Sqlite);
    // Several MiB, so every phase reports bytes more than once.
    big_database(&p, 6000);
    let clean = |run: &common::Run, what: &str| {
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\r'),
                "{what}: {stream} has terminal control characters: {text:?}"
            );
        }
    };

    // Captured stderr is not a terminal: with -v the phases are plain lines, one each.
    let run = p.keel(&["backup", "create", "-v"]);
    run.expect_code(0);
    clean(&run, "create");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.trim() == "backup: stream")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("backup: verify"), "{}", run.stderr);
    // Each phase says how long it took, so a slow backup shows where its time went.
    for phase in ["snapshot", "stream", "verify"] {
        assert!(
            run.stderr.contains(&format!("backup: {phase} took ")),
            "{}",
            run.stderr
        );
    }
    let id = run.stdout.trim().to_string();

    let run = p.keel(&["backup", "verify", &id, "-v"]);
    run.expect_code(0);
    clean(&run, "verify");

    let dump = p.root.join("dump.sql");
    let run = p.keel(&[
        "backup",
        "export",
        &id,
        "--sql",
        "--out",
        dump.to_str().unwrap(),
        "-v",
    ]);
    run.expect_code(0);
    clean(&run, "export");

    let run = p.keel(&["backup", "restore", &id, "--yes", "-v"]);
    run.expect_code(0);
    clean(&run, "restore");
    assert!(run.stderr.contains("backup: replace"), "{}", run.stderr);

    // Quiet and JSON draw nothing at all on stderr.
    let run = p.keel(&["backup", "create", "-q"]);
    run.expect_code(0);
    assert_eq!(run.stderr, "", "quiet create");
    let run = p.keel(&["backup", "verify", &id, "--format", "json"]);
    run.expect_code(0);
    assert_eq!(run.stderr, "", "json verify");
    clean(&run, "json verify");
}
