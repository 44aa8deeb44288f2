use keel_model::{Column, ForeignKey, Index, IndexPart, PrimaryKey, Snapshot, Table};

use crate::{reconstruct, Lost};

fn lost(names: &[&str]) -> Vec<Lost> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| Lost {
            id: format!("{}", i + 10),
            name: (*n).to_string(),
        })
        .collect()
}

fn table(columns: &[&str]) -> Table {
    Table {
        columns: columns
            .iter()
            .map(|c| Column {
                name: (*c).to_string(),
                ty: "integer".into(),
                nullable: *c != "id",
                ..Column::default()
            })
            .collect(),
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::default()
    }
}

fn index_on(column: &str) -> Index {
    Index {
        parts: vec![IndexPart {
            column: Some(column.into()),
            ..IndexPart::default()
        }],
        ..Index::default()
    }
}

fn fk(column: &str, to: &str) -> ForeignKey {
    ForeignKey {
        columns: vec![column.into()],
        ref_table: to.into(),
        ref_columns: vec!["id".into()],
        ..ForeignKey::default()
    }
}

fn schema(tables: Vec<(&str, Table)>) -> Snapshot {
    let mut s = Snapshot::new("sqlite", "3");
    let main = s.schemas.entry("main".into()).or_default();
    for (name, t) in tables {
        main.tables.insert(name.into(), t);
    }
    s
}

fn tables(s: &Snapshot) -> &std::collections::BTreeMap<String, Table> {
    &s.schemas["main"].tables
}

fn owner_of(r: &crate::Reconstruction, object: &str) -> (usize, bool) {
    let a = r
        .attributions
        .iter()
        .find(|a| a.object == object)
        .unwrap_or_else(|| panic!("{object} not attributed: {:#?}", r.attributions));
    (a.migration, a.by_name)
}

#[test]
fn each_change_goes_to_the_migration_whose_name_promises_it() {
    let from = schema(vec![("device_tokens", table(&["id", "token"]))]);
    let mut automations = table(&["id", "name", "device_token_id"]);
    automations.foreign_keys.insert(
        "automations_device_token_id_foreign".into(),
        fk("device_token_id", "device_tokens"),
    );
    let mut tokens = table(&["id", "token", "revoked_at"]);
    tokens.indexes.insert(
        "device_tokens_revoked_at_index".into(),
        index_on("revoked_at"),
    );
    let to = schema(vec![
        ("device_tokens", tokens),
        ("automations", automations),
    ]);
    let r = reconstruct(
        &lost(&[
            "create_automations_table",
            "add_revoked_at_to_device_tokens_table",
        ]),
        &from,
        &to,
    );

    assert_eq!(owner_of(&r, "table automations"), (0, true));
    assert!(
        r.attributions
            .iter()
            .all(|a| !a.object.contains("automations.")),
        "the parts of a created table are said once, as the table: {:#?}",
        r.attributions
    );
    assert_eq!(owner_of(&r, "column device_tokens.revoked_at"), (1, true));
    assert_eq!(
        owner_of(&r, "index device_tokens.device_tokens_revoked_at_index"),
        (1, true)
    );
    let after_first = tables(&r.states[1]);
    assert_eq!(
        after_first["automations"],
        to.schemas["main"].tables["automations"]
    );
    assert!(after_first["device_tokens"].column("revoked_at").is_none());
    assert_eq!(r.states[2], to);
    assert_eq!(r.states[0], from);
}

#[test]
fn a_column_of_a_created_table_moves_to_a_later_migration_that_names_it() {
    let from = schema(vec![]);
    let to = schema(vec![("posts", table(&["id", "title", "slug"]))]);
    let r = reconstruct(
        &lost(&["create_posts_table", "add_slug_to_posts_table"]),
        &from,
        &to,
    );
    assert_eq!(owner_of(&r, "column posts.slug"), (1, true));
    let first: Vec<&str> = tables(&r.states[1])["posts"]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(first, ["id", "title"]);
    assert_eq!(r.states[2], to);
}

#[test]
fn a_primary_key_column_stays_with_the_table_that_needs_it() {
    let from = schema(vec![]);
    let to = schema(vec![("posts", table(&["id", "title"]))]);
    let r = reconstruct(
        &lost(&["create_posts_table", "change_id_of_posts"]),
        &from,
        &to,
    );
    assert_eq!(tables(&r.states[1])["posts"], tables(&to)["posts"]);
}

#[test]
fn a_foreign_key_never_lands_before_the_table_it_references() {
    let from = schema(vec![]);
    let mut comments = table(&["id", "post_id"]);
    comments
        .foreign_keys
        .insert("comments_post_id_foreign".into(), fk("post_id", "posts"));
    let to = schema(vec![("comments", comments), ("posts", table(&["id"]))]);
    let r = reconstruct(
        &lost(&["create_comments_table", "create_posts_table"]),
        &from,
        &to,
    );
    assert_eq!(owner_of(&r, "table comments").0, 0);
    assert_eq!(
        owner_of(&r, "foreign key comments.comments_post_id_foreign").0,
        1
    );
    assert!(tables(&r.states[1])["comments"].foreign_keys.is_empty());
    assert!(!tables(&r.states[1]).contains_key("posts"));
}

#[test]
fn an_index_is_dropped_no_later_than_its_column() {
    let mut t = table(&["id", "legacy"]);
    t.indexes
        .insert("t_legacy_index".into(), index_on("legacy"));
    let from = schema(vec![("t", t)]);
    let to = schema(vec![("t", table(&["id"]))]);
    let r = reconstruct(&lost(&["drop_legacy_from_t", "tidy_up"]), &from, &to);
    assert_eq!(owner_of(&r, "column t.legacy"), (0, true));
    assert_eq!(owner_of(&r, "index t.t_legacy_index").0, 0);
    assert_eq!(tables(&r.states[1])["t"], tables(&to)["t"]);
}

#[test]
fn what_no_name_explains_goes_to_the_last_lost_migration() {
    let from = schema(vec![("a", table(&["id"]))]);
    let to = schema(vec![("a", table(&["id", "mystery"]))]);
    let r = reconstruct(
        &lost(&["create_users_table", "seed_things", "misc"]),
        &from,
        &to,
    );
    assert_eq!(owner_of(&r, "column a.mystery"), (2, false));
    assert_eq!(r.states[1], from);
    assert_eq!(r.states[2], from);
    assert_eq!(r.states[3], to);
}

#[test]
fn a_dropped_table_goes_to_the_migration_that_drops_it() {
    let from = schema(vec![
        ("old_logs", table(&["id"])),
        ("users", table(&["id"])),
    ]);
    let to = schema(vec![("users", table(&["id", "email"]))]);
    let r = reconstruct(
        &lost(&["drop_old_logs_table", "add_email_to_users"]),
        &from,
        &to,
    );
    assert_eq!(owner_of(&r, "table old_logs"), (0, true));
    assert_eq!(owner_of(&r, "column users.email"), (1, true));
    assert!(!tables(&r.states[1]).contains_key("old_logs"));
}

#[test]
fn a_name_about_an_index_on_a_column_does_not_take_the_column() {
    let from = schema(vec![]);
    let mut logs = table(&["id", "action"]);
    logs.indexes
        .insert("audit_logs_action_index".into(), index_on("action"));
    let to = schema(vec![("audit_logs", logs)]);
    let r = reconstruct(
        &lost(&[
            "create_audit_logs_table",
            "add_action_index_to_audit_logs_table",
        ]),
        &from,
        &to,
    );
    assert!(tables(&r.states[1])["audit_logs"]
        .column("action")
        .is_some());
    assert_eq!(
        owner_of(&r, "index audit_logs.audit_logs_action_index"),
        (1, true)
    );
}

#[test]
fn a_key_to_a_created_table_goes_with_the_migration_that_created_it() {
    let from = schema(vec![("photos", table(&["id", "url"]))]);
    let mut photos = table(&["id", "url", "post_id"]);
    photos
        .foreign_keys
        .insert("auto:1".into(), fk("post_id", "posts"));
    let to = schema(vec![("photos", photos), ("posts", table(&["id"]))]);
    let r = reconstruct(
        &lost(&["seed_demo_data", "create_posts", "touch_updated_at"]),
        &from,
        &to,
    );
    assert_eq!(owner_of(&r, "table posts"), (1, true));
    assert_eq!(owner_of(&r, "column photos.post_id"), (1, true));
    assert_eq!(
        owner_of(&r, "foreign key photos(post_id) -> posts(id)"),
        (1, true)
    );
    assert_eq!(r.states[2], to);
}

#[test]
fn a_trigger_lands_no_earlier_than_the_column_its_body_uses() {
    let from = schema(vec![]);
    let mut to = schema(vec![("posts", table(&["id", "updated_at"]))]);
    to.schemas.get_mut("main").unwrap().triggers.insert(
        "posts.posts_touch".into(),
        keel_model::Trigger {
            table: "posts".into(),
            definition: "CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN UPDATE posts SET updated_at = 1; END".into(),
            ..keel_model::Trigger::default()
        },
    );
    let r = reconstruct(&lost(&["create_posts", "touch_updated_at"]), &from, &to);
    assert_eq!(owner_of(&r, "column posts.updated_at"), (1, true));
    assert_eq!(owner_of(&r, "trigger posts.posts_touch").0, 1);
    assert!(tables(&r.states[1])["posts"].column("updated_at").is_none());
}
