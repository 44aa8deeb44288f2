//! A snapshot written piece by piece is byte for byte the snapshot written whole.

use keel_model::{
    Column, Index, IndexPart, PrimaryKey, Sequence, Snapshot, SnapshotBuilder, SnapshotSink,
    SnapshotWriter, Table, TableData, Trigger, Unsupported, View,
};

fn table(columns: &[&str]) -> Table {
    let mut table = Table::default();
    for c in columns {
        let mut column = Column::new(c, "text");
        // A raw newline and quotes inside a string must not be shifted like layout newlines.
        column.comment = Some(format!("line one\nline \"two\" of {c}"));
        table.columns.push(column);
    }
    table.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec![columns[0].to_string()],
    });
    table.indexes.insert(
        format!("{}_idx", columns[0]),
        Index {
            parts: vec![IndexPart {
                column: Some(columns[0].to_string()),
                ..IndexPart::default()
            }],
            ..Index::default()
        },
    );
    table
}

fn streamed(snapshot: &Snapshot) -> String {
    let mut writer = SnapshotWriter::new(Vec::new());
    snapshot.clone().feed(&mut writer).expect("feed");
    String::from_utf8(writer.into_inner().expect("finished")).expect("utf-8")
}

fn assert_same_bytes(snapshot: &Snapshot) {
    let whole = snapshot.to_json();
    assert_eq!(streamed(snapshot), whole);
    let mut builder = SnapshotBuilder::new();
    snapshot.clone().feed(&mut builder).expect("feed");
    assert_eq!(builder.into_snapshot().expect("begun").to_json(), whole);
}

fn rich() -> Snapshot {
    let mut s = Snapshot::new("postgres", "16.2");
    s.server.charset = Some("utf8mb4".into());
    let public = s.schema_mut("public");
    public
        .tables
        .insert("accounts".into(), table(&["id", "email"]));
    public.tables.insert("users".into(), table(&["id"]));
    public.views.insert(
        "active".into(),
        View {
            definition: "SELECT 1".into(),
            ..View::default()
        },
    );
    public.triggers.insert(
        "users.audit".into(),
        Trigger {
            table: "users".into(),
            timing: "AFTER".into(),
            // Unsorted: both paths must sort the events the same way.
            events: vec!["UPDATE".into(), "INSERT".into()],
            for_each_row: true,
            definition: "EXECUTE FUNCTION audit()".into(),
        },
    );
    public.extensions = vec!["pgcrypto".into(), "citext".into()];
    public.comment = Some("standard public schema".into());
    // A schema with other objects but no tables, and one with nothing at all.
    s.schema_mut("billing").sequences.insert(
        "invoice_no".into(),
        Sequence {
            ty: "bigint".into(),
            start: 1,
            increment: 1,
            min: 1,
            max: i64::MAX,
            cache: 1,
            ..Sequence::default()
        },
    );
    s.schema_mut("empty");
    // A schema with tables only.
    s.schema_mut("zeta")
        .tables
        .insert("t".into(), table(&["k", "v"]));
    s.data.insert(
        "public.users".into(),
        TableData {
            columns: vec!["id".into()],
            rows: vec![vec![Some("1".into())], vec![None]],
        },
    );
    s.unsupported = vec![
        Unsupported {
            object: "public.z".into(),
            kind: "rule".into(),
            reason: "rules are not modelled".into(),
        },
        Unsupported {
            object: "public.a".into(),
            kind: "policy".into(),
            reason: "policies are not modelled".into(),
        },
    ];
    s
}

#[test]
fn a_rich_snapshot_streams_to_the_same_bytes() {
    assert_same_bytes(&rich());
}

#[test]
fn a_snapshot_without_schemas_data_or_unsupported_streams_to_the_same_bytes() {
    assert_same_bytes(&Snapshot::new("sqlite", "3.46"));
}

#[test]
fn an_empty_schema_and_tables_only_stream_to_the_same_bytes() {
    let mut s = Snapshot::new("sqlite", "3.46");
    s.schema_mut("main");
    assert_same_bytes(&s);
    s.schema_mut("main")
        .tables
        .insert("only".into(), table(&["id"]));
    assert_same_bytes(&s);
}

#[test]
fn only_data_or_only_unsupported_stream_to_the_same_bytes() {
    let mut with_data = Snapshot::new("mysql", "8.0");
    with_data.data.insert("main.t".into(), TableData::default());
    assert_same_bytes(&with_data);
    let mut with_unsupported = Snapshot::new("mysql", "8.0");
    with_unsupported.unsupported.push(Unsupported {
        object: "main.e".into(),
        kind: "event".into(),
        reason: "events are not modelled".into(),
    });
    assert_same_bytes(&with_unsupported);
}

#[test]
fn tables_out_of_order_are_refused_rather_than_written_wrong() {
    let mut writer = SnapshotWriter::new(Vec::new());
    writer.begin(&Snapshot::new("sqlite", "3.46")).unwrap();
    writer.begin_schema("main").unwrap();
    writer.table("b", table(&["id"])).unwrap();
    let err = writer.table("a", table(&["id"])).unwrap_err();
    assert!(err.to_string().contains("order"), "{err}");
}

#[test]
fn an_unfinished_snapshot_is_not_handed_back_as_complete() {
    let mut writer = SnapshotWriter::new(Vec::new());
    writer.begin(&Snapshot::new("sqlite", "3.46")).unwrap();
    assert!(writer.into_inner().is_err());
}
