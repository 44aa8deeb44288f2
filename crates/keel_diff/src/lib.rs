//! Compares two schema snapshots and names every difference.
//!
//! [`compare`] walks two [`keel_model::Snapshot`]s of the same engine and returns [`Change`]s
//! in a stable order (schema, then object kind, then name). It is the reading half of
//! `keel verify` and `keel diff`: each change says what kind of object differs, where, and
//! how, in words a reviewer can act on. Turning changes into SQL is a separate step.
//!
//! ```
//! use keel_model::{Column, Snapshot, Table};
//! let mut expected = Snapshot::new("sqlite", "3.46");
//! let mut table = Table::default();
//! table.columns.push(Column::new("id", "INTEGER"));
//! expected.schema_mut("main").tables.insert("device_tokens".into(), table.clone());
//! let mut live = expected.clone();
//! live.schema_mut("main").tables.get_mut("device_tokens").unwrap()
//!     .columns.push(Column { nullable: true, ..Column::new("revoked_at", "TEXT") });
//! let changes = keel_diff::compare(&expected, &live);
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].kind, "column_added");
//! assert_eq!(changes[0].column.as_deref(), Some("revoked_at"));
//! ```

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use keel_model::{Column, Schema, Snapshot, Table};
use serde::Serialize;

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed, as `<object>_<added|removed|changed>` (`column_added`, `index_changed`,
    /// `view_removed`, `rows_changed`, …). "Added" means present in the second snapshot only.
    pub kind: String,
    /// The table (or view, type, routine …) concerned, schema-qualified unless it lives in the
    /// default schema.
    pub table: Option<String>,
    /// The column, index or constraint concerned, when the change is inside a table.
    pub column: Option<String>,
    /// What differs, e.g. `default: 'draft' → 'published'`.
    pub detail: String,
}

impl Change {
    fn new(kind: String, table: Option<String>, column: Option<String>, detail: String) -> Self {
        Self {
            kind,
            table,
            column,
            detail,
        }
    }

    /// The object's path: `table.column`, `table`, or the object name.
    pub fn path(&self) -> String {
        match (&self.table, &self.column) {
            (Some(t), Some(c)) => format!("{t}.{c}"),
            (Some(t), None) => t.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => String::new(),
        }
    }

    /// Whether this says the object exists only in the second snapshot.
    pub fn is_added(&self) -> bool {
        self.kind.ends_with("_added")
    }

    /// Whether this says the object exists only in the first snapshot.
    pub fn is_removed(&self) -> bool {
        self.kind.ends_with("_removed")
    }
}

/// Every difference between `from` and `to`.
pub fn compare(from: &Snapshot, to: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = from.schemas.keys().chain(to.schemas.keys()).collect();
    let empty = Schema::default();
    for name in names {
        let qualify = |object: &str| qualified(name, object);
        match (from.schemas.get(name), to.schemas.get(name)) {
            (None, Some(_)) => out.push(Change::new(
                "schema_added".into(),
                None,
                Some(name.clone()),
                "schema".into(),
            )),
            (Some(_), None) => out.push(Change::new(
                "schema_removed".into(),
                None,
                Some(name.clone()),
                "schema".into(),
            )),
            _ => {}
        }
        let a = from.schemas.get(name).unwrap_or(&empty);
        let b = to.schemas.get(name).unwrap_or(&empty);
        for (table, pair) in pairs(&a.tables, &b.tables) {
            match pair {
                Pair::Added(_) => out.push(Change::new(
                    "table_added".into(),
                    Some(qualify(table)),
                    None,
                    "table".into(),
                )),
                Pair::Removed(_) => out.push(Change::new(
                    "table_removed".into(),
                    Some(qualify(table)),
                    None,
                    "table".into(),
                )),
                Pair::Both(x, y) => compare_tables(&qualify(table), x, y, &mut out),
            }
        }
        objects("view", &a.views, &b.views, &qualify, &mut out);
        objects("enum", &a.enums, &b.enums, &qualify, &mut out);
        objects("domain", &a.domains, &b.domains, &qualify, &mut out);
        objects("sequence", &a.sequences, &b.sequences, &qualify, &mut out);
        objects("routine", &a.routines, &b.routines, &qualify, &mut out);
        objects("trigger", &a.triggers, &b.triggers, &qualify, &mut out);
        let ext_a: BTreeSet<&String> = a.extensions.iter().collect();
        let ext_b: BTreeSet<&String> = b.extensions.iter().collect();
        for e in ext_b.difference(&ext_a) {
            out.push(Change::new(
                "extension_added".into(),
                None,
                Some((*e).clone()),
                "extension".into(),
            ));
        }
        for e in ext_a.difference(&ext_b) {
            out.push(Change::new(
                "extension_removed".into(),
                None,
                Some((*e).clone()),
                "extension".into(),
            ));
        }
        if a.comment != b.comment {
            out.push(Change::new(
                "schema_changed".into(),
                None,
                Some(name.clone()),
                format!("comment: {}", arrow(&a.comment, &b.comment)),
            ));
        }
    }
    for (table, pair) in pairs(&from.data, &to.data) {
        match pair {
            Pair::Added(d) => out.push(Change::new(
                "rows_added".into(),
                Some(table.clone()),
                None,
                format!("{} protected rows", d.rows.len()),
            )),
            Pair::Removed(d) => out.push(Change::new(
                "rows_removed".into(),
                Some(table.clone()),
                None,
                format!("{} protected rows", d.rows.len()),
            )),
            Pair::Both(x, y) if x != y => {
                let xs: BTreeSet<&Vec<Option<String>>> = x.rows.iter().collect();
                let ys: BTreeSet<&Vec<Option<String>>> = y.rows.iter().collect();
                let gone: Vec<String> = xs.difference(&ys).take(3).map(|r| row_text(r)).collect();
                let new: Vec<String> = ys.difference(&xs).take(3).map(|r| row_text(r)).collect();
                let mut detail = format!("{} rows → {} rows", x.rows.len(), y.rows.len());
                if !gone.is_empty() {
                    detail.push_str(&format!("; only in the first: {}", gone.join(", ")));
                }
                if !new.is_empty() {
                    detail.push_str(&format!("; only in the second: {}", new.join(", ")));
                }
                if x.columns != y.columns {
                    detail.push_str(&format!("; columns {:?} → {:?}", x.columns, y.columns));
                }
                out.push(Change::new(
                    "rows_changed".into(),
                    Some(table.clone()),
                    None,
                    detail,
                ));
            }
            Pair::Both(..) => {}
        }
    }
    let ua: BTreeSet<_> = from.unsupported.iter().collect();
    let ub: BTreeSet<_> = to.unsupported.iter().collect();
    for u in ub.difference(&ua) {
        out.push(Change::new(
            "unsupported_added".into(),
            None,
            Some(u.object.clone()),
            format!("{} ({})", u.kind, u.reason),
        ));
    }
    for u in ua.difference(&ub) {
        out.push(Change::new(
            "unsupported_removed".into(),
            None,
            Some(u.object.clone()),
            format!("{} ({})", u.kind, u.reason),
        ));
    }
    out
}

fn qualified(schema: &str, object: &str) -> String {
    if schema == "main" || schema == "public" {
        object.to_string()
    } else {
        format!("{schema}.{object}")
    }
}

fn row_text(row: &[Option<String>]) -> String {
    let values: Vec<String> = row
        .iter()
        .map(|v| v.as_ref().map_or("NULL".to_string(), |s| format!("'{s}'")))
        .collect();
    format!("({})", values.join(", "))
}

fn arrow<T: Debug>(a: &Option<T>, b: &Option<T>) -> String {
    let show = |v: &Option<T>| v.as_ref().map_or("none".to_string(), |x| format!("{x:?}"));
    format!("{} → {}", show(a), show(b))
}

enum Pair<'a, T> {
    Added(&'a T),
    Removed(&'a T),
    Both(&'a T, &'a T),
}

fn pairs<'a, T>(
    a: &'a BTreeMap<String, T>,
    b: &'a BTreeMap<String, T>,
) -> Vec<(&'a String, Pair<'a, T>)> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let pair = match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => Pair::Both(x, y),
                (Some(x), None) => Pair::Removed(x),
                (None, Some(y)) => Pair::Added(y),
                (None, None) => return None,
            };
            Some((k, pair))
        })
        .collect()
}

fn objects<T: PartialEq + Debug>(
    kind: &str,
    a: &BTreeMap<String, T>,
    b: &BTreeMap<String, T>,
    qualify: &dyn Fn(&str) -> String,
    out: &mut Vec<Change>,
) {
    for (name, pair) in pairs(a, b) {
        match pair {
            Pair::Added(_) => out.push(Change::new(
                format!("{kind}_added"),
                Some(qualify(name)),
                None,
                kind.into(),
            )),
            Pair::Removed(_) => out.push(Change::new(
                format!("{kind}_removed"),
                Some(qualify(name)),
                None,
                kind.into(),
            )),
            Pair::Both(x, y) if x != y => out.push(Change::new(
                format!("{kind}_changed"),
                Some(qualify(name)),
                None,
                format!("definition differs: {x:?} → {y:?}"),
            )),
            Pair::Both(..) => {}
        }
    }
}

fn compare_tables(table: &str, a: &Table, b: &Table, out: &mut Vec<Change>) {
    let t = Some(table.to_string());
    let cols_a: BTreeMap<String, &Column> = a.columns.iter().map(|c| (c.name.clone(), c)).collect();
    let cols_b: BTreeMap<String, &Column> = b.columns.iter().map(|c| (c.name.clone(), c)).collect();
    for (name, pair) in pairs(&cols_a, &cols_b) {
        match pair {
            Pair::Added(c) => out.push(Change::new(
                "column_added".into(),
                t.clone(),
                Some(name.clone()),
                describe_column(c),
            )),
            Pair::Removed(c) => out.push(Change::new(
                "column_removed".into(),
                t.clone(),
                Some(name.clone()),
                describe_column(c),
            )),
            Pair::Both(x, y) => {
                let details = column_differences(x, y);
                if !details.is_empty() {
                    out.push(Change::new(
                        "column_changed".into(),
                        t.clone(),
                        Some(name.clone()),
                        details.join("; "),
                    ));
                }
            }
        }
    }
    let order_a: Vec<&String> = a
        .columns
        .iter()
        .map(|c| &c.name)
        .filter(|n| cols_b.contains_key(*n))
        .collect();
    let order_b: Vec<&String> = b
        .columns
        .iter()
        .map(|c| &c.name)
        .filter(|n| cols_a.contains_key(*n))
        .collect();
    if order_a != order_b {
        out.push(Change::new(
            "column_order_changed".into(),
            t.clone(),
            None,
            format!("{} → {}", join(&order_a), join(&order_b)),
        ));
    }
    if a.primary_key != b.primary_key {
        let show = |pk: &Option<keel_model::PrimaryKey>| {
            pk.as_ref().map_or("none".to_string(), |k| {
                format!("({})", k.columns.join(", "))
            })
        };
        out.push(Change::new(
            "primary_key_changed".into(),
            t.clone(),
            None,
            format!("{} → {}", show(&a.primary_key), show(&b.primary_key)),
        ));
    }
    keyed("index", table, &a.indexes, &b.indexes, out);
    keyed("foreign_key", table, &a.foreign_keys, &b.foreign_keys, out);
    keyed("check", table, &a.checks, &b.checks, out);
    if a.options != b.options {
        out.push(Change::new(
            "table_changed".into(),
            t.clone(),
            None,
            format!("options: {:?} → {:?}", a.options, b.options),
        ));
    }
    if a.comment != b.comment {
        out.push(Change::new(
            "table_changed".into(),
            t,
            None,
            format!("comment: {}", arrow(&a.comment, &b.comment)),
        ));
    }
}

fn keyed<T: PartialEq + Debug>(
    kind: &str,
    table: &str,
    a: &BTreeMap<String, T>,
    b: &BTreeMap<String, T>,
    out: &mut Vec<Change>,
) {
    let t = Some(table.to_string());
    for (name, pair) in pairs(a, b) {
        let label = kind.replace('_', " ");
        match pair {
            Pair::Added(x) => out.push(Change::new(
                format!("{kind}_added"),
                t.clone(),
                Some(name.clone()),
                format!("{label} {x:?}"),
            )),
            Pair::Removed(x) => out.push(Change::new(
                format!("{kind}_removed"),
                t.clone(),
                Some(name.clone()),
                format!("{label} {x:?}"),
            )),
            Pair::Both(x, y) if x != y => out.push(Change::new(
                format!("{kind}_changed"),
                t.clone(),
                Some(name.clone()),
                format!("{x:?} → {y:?}"),
            )),
            Pair::Both(..) => {}
        }
    }
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_column(c: &Column) -> String {
    let mut text = c.ty.clone();
    if !c.nullable {
        text.push_str(" not null");
    }
    if let Some(d) = &c.default {
        text.push_str(&format!(" default {}", default_text(d)));
    }
    text
}

fn default_text(d: &keel_model::DefaultValue) -> String {
    match d {
        keel_model::DefaultValue::Literal { value } => format!("'{value}'"),
        keel_model::DefaultValue::Expression { sql } => sql.clone(),
        keel_model::DefaultValue::CurrentTimestamp { precision: None } => {
            "CURRENT_TIMESTAMP".into()
        }
        keel_model::DefaultValue::CurrentTimestamp { precision: Some(p) } => {
            format!("CURRENT_TIMESTAMP({p})")
        }
    }
}

fn column_differences(a: &Column, b: &Column) -> Vec<String> {
    let mut d = Vec::new();
    if a.ty != b.ty {
        d.push(format!("type: {} → {}", a.ty, b.ty));
    }
    if a.nullable != b.nullable {
        d.push(format!(
            "{} → {}",
            if a.nullable { "nullable" } else { "not null" },
            if b.nullable { "nullable" } else { "not null" }
        ));
    }
    if a.default != b.default {
        let show =
            |v: &Option<keel_model::DefaultValue>| v.as_ref().map_or("none".into(), default_text);
        d.push(format!(
            "default: {} → {}",
            show(&a.default),
            show(&b.default)
        ));
    }
    if a.on_update != b.on_update {
        d.push(format!("on update: {}", arrow(&a.on_update, &b.on_update)));
    }
    if a.identity != b.identity {
        d.push(format!("identity: {}", arrow(&a.identity, &b.identity)));
    }
    if a.generated != b.generated {
        d.push(format!("generated: {}", arrow(&a.generated, &b.generated)));
    }
    if a.charset != b.charset {
        d.push(format!("charset: {}", arrow(&a.charset, &b.charset)));
    }
    if a.collation != b.collation {
        d.push(format!("collation: {}", arrow(&a.collation, &b.collation)));
    }
    if a.comment != b.comment {
        d.push(format!("comment: {}", arrow(&a.comment, &b.comment)));
    }
    if a.raw_type != b.raw_type && a.ty == b.ty && d.is_empty() {
        d.push(format!(
            "declared type: {}",
            arrow(&a.raw_type, &b.raw_type)
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_model::{DefaultValue, ForeignKey, Index, IndexPart};

    fn base() -> Snapshot {
        let mut s = Snapshot::new("postgres", "15.4");
        let mut users = Table::default();
        users.columns.push(Column::new("id", "bigint"));
        users.columns.push(Column {
            default: Some(DefaultValue::Literal {
                value: "draft".into(),
            }),
            ..Column::new("status", "text")
        });
        users.indexes.insert(
            "users_status_idx".into(),
            Index {
                parts: vec![IndexPart {
                    column: Some("status".into()),
                    ..IndexPart::default()
                }],
                ..Index::default()
            },
        );
        s.schema_mut("public").tables.insert("users".into(), users);
        s
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        assert!(compare(&base(), &base()).is_empty());
    }

    #[test]
    fn each_kind_of_drift_is_named() {
        let expected = base();
        let mut live = base();
        let users = live.schema_mut("public").tables.get_mut("users").unwrap();
        users.columns.push(Column {
            nullable: true,
            ..Column::new("revoked_at", "timestamp with time zone")
        });
        users.columns[1].default = Some(DefaultValue::Literal {
            value: "published".into(),
        });
        users.indexes.clear();
        users.foreign_keys.insert(
            "users_org_fk".into(),
            ForeignKey {
                columns: vec!["org".into()],
                ref_table: "orgs".into(),
                ref_columns: vec!["id".into()],
                ..ForeignKey::default()
            },
        );
        live.schema_mut("reporting");
        let changes = compare(&expected, &live);
        let kinds: Vec<(&str, String)> = changes
            .iter()
            .map(|c| (c.kind.as_str(), c.path()))
            .collect();
        assert!(
            kinds.contains(&("column_added", "users.revoked_at".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("column_changed", "users.status".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("index_removed", "users.users_status_idx".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("foreign_key_added", "users.users_org_fk".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("schema_added", "reporting".into())),
            "{kinds:?}"
        );
        let status = changes.iter().find(|c| c.kind == "column_changed").unwrap();
        assert_eq!(status.detail, "default: 'draft' → 'published'");
    }

    #[test]
    fn column_order_is_a_change_of_its_own() {
        let expected = base();
        let mut live = base();
        live.schema_mut("public")
            .tables
            .get_mut("users")
            .unwrap()
            .columns
            .reverse();
        let changes = compare(&expected, &live);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, "column_order_changed");
    }

    #[test]
    fn protected_rows_report_what_went_missing() {
        let mut expected = base();
        expected.data.insert(
            "public.roles".into(),
            keel_model::TableData {
                columns: vec!["id".into(), "name".into()],
                rows: vec![
                    vec![Some("1".into()), Some("admin".into())],
                    vec![Some("2".into()), None],
                ],
            },
        );
        let mut live = expected.clone();
        live.data.get_mut("public.roles").unwrap().rows.remove(0);
        let changes = compare(&expected, &live);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, "rows_changed");
        assert!(
            changes[0].detail.contains("'admin'"),
            "{}",
            changes[0].detail
        );
    }
}
