//! `keel snapshot` streams the schema a chunk of tables at a time; the file it writes must be
//! byte for byte what the whole in-memory model serialises to (`Snapshot::write_json`), on
//! every engine, also when foreign keys and views cross chunk boundaries.

mod common;

use common::Project;
use keel_driver::InspectOptions;
use keel_model::{SnapshotSink, SnapshotWriter};
use keel_testkit::{engine_tests, Engine};

/// More tables than one inspection chunk (256 tables; 512 on PostgreSQL), so the stream
/// crosses chunk boundaries.
fn table_count(engine: Engine) -> usize {
    match engine {
        Engine::Postgres => 600,
        _ => 300,
    }
}

/// `table_count` tables, each with a key, a defaulted column, an index, and (after the first) a
/// foreign key to a table of an earlier chunk; a protected table, a view and a CHECK too.
fn schema(engine: Engine) -> Vec<String> {
    let int = match engine {
        Engine::Sqlite => "INTEGER",
        _ => "BIGINT",
    };
    let mut sql = Vec::new();
    let tables = table_count(engine);
    for i in 0..tables {
        let fk = if i == 0 {
            String::new()
        } else {
            format!(
                ", CONSTRAINT t{i:03}_parent_fk FOREIGN KEY (parent_id) REFERENCES t{:03} (id) \
                 ON DELETE CASCADE",
                i / 3
            )
        };
        // MariaDB takes an inline index far faster than a separate CREATE INDEX.
        let inline_index = match engine {
            Engine::Mysql => format!(", INDEX t{i:03}_name (name)"),
            _ => String::new(),
        };
        sql.push(format!(
            "CREATE TABLE t{i:03} (id {int} NOT NULL PRIMARY KEY, parent_id {int}, \
             name VARCHAR(40) NOT NULL DEFAULT 'x', qty INTEGER CHECK (qty >= 0){fk}{inline_index})"
        ));
        if inline_index.is_empty() {
            sql.push(format!("CREATE INDEX t{i:03}_name ON t{i:03} (name)"));
        }
    }
    sql.push(format!(
        "CREATE VIEW last_names AS SELECT name FROM t{:03}",
        tables - 1
    ));
    sql.push("INSERT INTO t000 (id, name, qty) VALUES (2, 'b', 1), (1, 'a', 0)".into());
    sql
}

fn streamed_snapshot_equals_the_whole_model(engine: Engine) {
    let p = Project::new(engine);
    {
        let mut conn = p.db.connect();
        for statement in schema(engine) {
            conn.execute(&statement)
                .unwrap_or_else(|e| panic!("{e}\n{statement}"));
        }
    }
    let options = InspectOptions {
        exclude: vec!["keel_migrations".into(), "keel_checksums".into()],
        protect: vec!["t000".into()],
    };
    let whole = p.db.connect().inspect(&options).expect("inspect").to_json();
    let last = table_count(engine) - 1;
    assert!(
        whole.contains(&format!("\"t{last:03}\"")),
        "all tables inspected"
    );
    assert!(
        whole.contains(&format!("t{last:03}_parent_fk")),
        "a foreign key across chunks"
    );

    // Through the library: the engine's streaming inspector into the writer.
    let mut writer = SnapshotWriter::new(Vec::new());
    p.db.connect()
        .inspect_into(&options, &mut writer as &mut dyn SnapshotSink)
        .expect("inspect_into");
    let streamed = String::from_utf8(writer.into_inner().expect("finished")).expect("utf-8");
    assert_eq!(
        streamed, whole,
        "streamed snapshot differs from the whole model"
    );

    // Through the CLI, with the protected table configured.
    p.write("keel.toml", "[guard]\nprotect = [\"t000\"]\n");
    let out = p.root.join("schema.json");
    p.keel(&["snapshot", "--out", out.to_str().unwrap()])
        .expect_code(0);
    let written = std::fs::read_to_string(&out).expect("schema.json");
    assert_eq!(
        written, whole,
        "`keel snapshot` differs from the whole model"
    );
}

engine_tests!(streamed_snapshot_equals_the_whole_model);
