//! Splits the difference between two schemas into the lost migrations it belongs to.
//!
//! When migration files are lost but their history rows survive, the live database holds
//! changes no file explains. keel replays the surviving files into a scratch database (`from`),
//! inspects the live one (`to`), and asks this crate to hand each difference to the lost
//! migration whose name and position fit it. The answer is a chain of schema states, one per
//! lost migration: the planner turns each neighbouring pair into that migration's up and down
//! scripts.
//!
//! A difference is cut into pieces small enough to attribute on their own: a created table
//! becomes the table, each of its columns, indexes, keys and checks; an altered table gives a
//! piece per added, dropped or changed column, index, key and check. Each piece goes to the lost
//! migration whose name mentions it best (`add_revoked_at_to_device_tokens_table` gets
//! `device_tokens.revoked_at`; `create_automations_table` gets that table and its keys). A
//! piece no name mentions goes to the last lost migration and is reported as such. Pieces are
//! then moved so each migration only uses what exists by then: a foreign key never lands
//! before the table it references, an index drop never after the drop of its column.
//!
//! ```
//! use keel_reconstruct::{reconstruct, Lost};
//! let from = keel_model::Snapshot::new("sqlite", "3");
//! let to = from.clone();
//! let lost = [Lost { id: "2".into(), name: "create_posts_table".into() }];
//! let r = reconstruct(&lost, &from, &to);
//! assert_eq!(r.states.len(), 2);
//! assert!(r.attributions.is_empty());
//! ```

#![deny(missing_docs)]

use std::collections::BTreeMap;

use keel_model::{Schema, Snapshot, Table};
use serde::Serialize;

/// A migration whose history row survives but whose file is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// The version, as in the history row.
    pub id: String,
    /// The name, as in the history row (`add_revoked_at_to_device_tokens_table`).
    pub name: String,
}

/// Where one piece of the difference went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// What changed: `table posts`, `column device_tokens.revoked_at`, `index posts.posts_slug_unique`, ….
    pub object: String,
    /// `add`, `drop` or `change`.
    pub change: &'static str,
    /// Index into the lost migrations.
    pub migration: usize,
    /// Whether the migration's name (or the table it belongs to) says so; `false` when
    /// nothing fits and the piece went to the last lost migration.
    pub by_name: bool,
}

/// The answer: `states[0]` is `from`, `states[i + 1]` the schema after lost migration `i`,
/// and the last state is `to` exactly.
#[derive(Debug, Clone)]
pub struct Reconstruction {
    /// One more state than lost migrations.
    pub states: Vec<Snapshot>,
    /// Every piece and the migration it went to, in the order of the lost migrations.
    pub attributions: Vec<Attribution>,
}

/// Splits `from → to` over `lost` (in the order they ran).
pub fn reconstruct(lost: &[Lost], from: &Snapshot, to: &Snapshot) -> Reconstruction {
    if lost.is_empty() {
        return Reconstruction {
            states: vec![from.clone()],
            attributions: Vec::new(),
        };
    }
    let mut pieces = pieces(from, to);
    let names: Vec<String> = lost
        .iter()
        .map(|l| format!("_{}_", l.name.to_lowercase()))
        .collect();
    attribute(&mut pieces, &names, from, to);
    follow_references(&mut pieces, to);
    settle(&mut pieces, from, to);

    let mut states = vec![from.clone()];
    let mut state = from.clone();
    for i in 0..lost.len() {
        let mut mine: Vec<&Piece> = pieces.iter().filter(|p| p.owner == i).collect();
        mine.sort_by_key(|p| p.rank());
        for p in mine {
            p.apply(&mut state, to);
        }
        states.push(state.clone());
    }
    // Whatever no piece describes (column order, schema comments, extensions …) belongs to the
    // last lost migration: the chain always ends at the live schema exactly.
    *states.last_mut().expect("one state per lost migration") = to.clone();

    // A created table's parts that stayed with it are said once, as the table.
    let table_owner = |p: &Piece| {
        pieces
            .iter()
            .find(|t| {
                t.target == Target::Table
                    && t.op == Op::Add
                    && t.schema == p.schema
                    && t.table == p.table
            })
            .map(|t| t.owner)
    };
    let mut attributions: Vec<Attribution> = pieces
        .iter()
        .filter(|p| !(p.in_created_table && table_owner(p) == Some(p.owner)))
        .map(|p| Attribution {
            object: p.describe(if p.op == Op::Drop { from } else { to }),
            change: p.op.as_str(),
            migration: p.owner,
            by_name: p.by_name,
        })
        .collect();
    attributions.sort_by(|a, b| (a.migration, &a.object).cmp(&(b.migration, &b.object)));
    Reconstruction {
        states,
        attributions,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Drop,
    Change,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Drop => "drop",
            Op::Change => "change",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Table,
    /// Primary key, options and comment of a table.
    Shape,
    Column(String),
    Index(String),
    ForeignKey(String),
    Check(String),
    View(String),
    Trigger(String),
    Routine(String),
    Sequence(String),
    Enum(String),
    Domain(String),
}

#[derive(Debug, Clone)]
struct Piece {
    schema: String,
    /// The table the piece belongs to; empty for schema-level objects.
    table: String,
    target: Target,
    op: Op,
    /// Part of a table created by a lost migration: it follows the table unless a later
    /// migration names it.
    in_created_table: bool,
    owner: usize,
    by_name: bool,
}

impl Piece {
    fn new(schema: &str, table: &str, target: Target, op: Op) -> Self {
        Piece {
            schema: schema.to_string(),
            table: table.to_string(),
            target,
            op,
            in_created_table: false,
            owner: 0,
            by_name: false,
        }
    }

    /// Order within one migration's state change: containers before their contents, and
    /// removals after additions (the planner orders the SQL; this only keeps the model whole).
    fn rank(&self) -> u8 {
        let base = match self.target {
            Target::Enum(_) | Target::Domain(_) | Target::Sequence(_) => 0,
            Target::Table => 1,
            Target::Column(_) => 2,
            Target::Shape => 3,
            Target::Index(_) | Target::Check(_) => 4,
            Target::ForeignKey(_) => 5,
            Target::Routine(_) | Target::View(_) => 6,
            Target::Trigger(_) => 7,
        };
        match self.op {
            Op::Drop => 20 - base,
            _ => base,
        }
    }

    fn describe(&self, definition: &Snapshot) -> String {
        let t = &self.table;
        match &self.target {
            Target::Table => format!("table {t}"),
            Target::Shape => format!("primary key and options of {t}"),
            Target::Column(c) => format!("column {t}.{c}"),
            Target::Index(n) => format!("index {t}.{n}"),
            Target::ForeignKey(n) => {
                let fk = definition
                    .schemas
                    .get(&self.schema)
                    .and_then(|s| s.tables.get(t))
                    .and_then(|table| table.foreign_keys.get(n));
                match fk {
                    // Unnamed keys have a made-up key: say what they join instead.
                    Some(fk) if fk.auto_named || n.starts_with("auto:") => format!(
                        "foreign key {t}({}) -> {}({})",
                        fk.columns.join(", "),
                        fk.ref_table,
                        fk.ref_columns.join(", ")
                    ),
                    _ => format!("foreign key {t}.{n}"),
                }
            }
            Target::Check(n) => format!("check {t}.{n}"),
            Target::View(n) => format!("view {n}"),
            Target::Trigger(n) => format!("trigger {n}"),
            Target::Routine(n) => format!("routine {n}"),
            Target::Sequence(n) => format!("sequence {n}"),
            Target::Enum(n) => format!("type {n}"),
            Target::Domain(n) => format!("domain {n}"),
        }
    }

    /// Makes this piece true of `state`, taking definitions from `to`.
    fn apply(&self, state: &mut Snapshot, to: &Snapshot) {
        let target = to.schemas.get(&self.schema);
        let schema = state.schemas.entry(self.schema.clone()).or_default();
        let want_table = target.and_then(|s| s.tables.get(&self.table));
        if let Target::Table = self.target {
            match (self.op, want_table) {
                (Op::Drop, _) => {
                    schema.tables.remove(&self.table);
                }
                (_, Some(t)) => {
                    // The table's contents are pieces of their own.
                    let shell = Table {
                        columns: Vec::new(),
                        primary_key: None,
                        indexes: BTreeMap::new(),
                        foreign_keys: BTreeMap::new(),
                        checks: BTreeMap::new(),
                        ..t.clone()
                    };
                    schema.tables.insert(self.table.clone(), shell);
                }
                (_, None) => {}
            }
            return;
        }
        if self.table.is_empty() {
            apply_object(schema, target, &self.target, self.op);
            return;
        }
        let Some(table) = schema.tables.get_mut(&self.table) else {
            return;
        };
        match &self.target {
            Target::Shape => {
                if let Some(t) = want_table {
                    table.primary_key.clone_from(&t.primary_key);
                    table.options = t.options.clone();
                    table.comment.clone_from(&t.comment);
                }
            }
            Target::Column(name) => {
                let position = table.columns.iter().position(|c| &c.name == name);
                let wanted = want_table.and_then(|t| t.column(name));
                match (self.op, position, wanted) {
                    (Op::Drop, Some(i), _) => {
                        table.columns.remove(i);
                    }
                    (_, Some(i), Some(c)) => table.columns[i] = c.clone(),
                    (_, None, Some(c)) => {
                        let t = want_table.expect("a wanted column has a table");
                        let at = insert_position(table, t, name);
                        table.columns.insert(at, c.clone());
                    }
                    _ => {}
                }
            }
            Target::Index(name) => keyed(
                &mut table.indexes,
                want_table.map(|t| &t.indexes),
                name,
                self.op,
            ),
            Target::ForeignKey(name) => keyed(
                &mut table.foreign_keys,
                want_table.map(|t| &t.foreign_keys),
                name,
                self.op,
            ),
            Target::Check(name) => keyed(
                &mut table.checks,
                want_table.map(|t| &t.checks),
                name,
                self.op,
            ),
            _ => {}
        }
    }
}

/// Where a new column goes: right after the nearest column before it in the target that the
/// table already has, so the finished table has the target's order.
fn insert_position(table: &Table, target: &Table, name: &str) -> usize {
    let mut at = 0;
    for c in &target.columns {
        if c.name == name {
            break;
        }
        if let Some(i) = table.columns.iter().position(|x| x.name == c.name) {
            at = i + 1;
        }
    }
    at
}

fn keyed<V: Clone>(
    map: &mut BTreeMap<String, V>,
    want: Option<&BTreeMap<String, V>>,
    name: &str,
    op: Op,
) {
    match (op, want.and_then(|w| w.get(name))) {
        (Op::Drop, _) => {
            map.remove(name);
        }
        (_, Some(v)) => {
            map.insert(name.to_string(), v.clone());
        }
        (_, None) => {}
    }
}

fn apply_object(schema: &mut Schema, target: Option<&Schema>, what: &Target, op: Op) {
    macro_rules! object {
        ($field:ident, $name:expr) => {
            keyed(&mut schema.$field, target.map(|s| &s.$field), $name, op)
        };
    }
    match what {
        Target::View(n) => object!(views, n),
        Target::Trigger(n) => object!(triggers, n),
        Target::Routine(n) => object!(routines, n),
        Target::Sequence(n) => object!(sequences, n),
        Target::Enum(n) => object!(enums, n),
        Target::Domain(n) => object!(domains, n),
        _ => {}
    }
}

/// Every difference between `from` and `to`, as pieces.
fn pieces(from: &Snapshot, to: &Snapshot) -> Vec<Piece> {
    let empty = Schema::default();
    let mut out = Vec::new();
    let mut names: Vec<&String> = from.schemas.keys().chain(to.schemas.keys()).collect();
    names.sort();
    names.dedup();
    for s in names {
        let a = from.schemas.get(s).unwrap_or(&empty);
        let b = to.schemas.get(s).unwrap_or(&empty);
        for (name, table) in &b.tables {
            match a.tables.get(name) {
                None => created_table(&mut out, s, name, table),
                Some(old) => altered_table(&mut out, s, name, old, table),
            }
        }
        for name in a.tables.keys().filter(|n| !b.tables.contains_key(*n)) {
            out.push(Piece::new(s, name, Target::Table, Op::Drop));
        }
        objects(&mut out, s, &a.views, &b.views, Target::View);
        objects(&mut out, s, &a.triggers, &b.triggers, Target::Trigger);
        objects(&mut out, s, &a.routines, &b.routines, Target::Routine);
        objects(&mut out, s, &a.sequences, &b.sequences, Target::Sequence);
        objects(&mut out, s, &a.enums, &b.enums, Target::Enum);
        objects(&mut out, s, &a.domains, &b.domains, Target::Domain);
    }
    out
}

fn created_table(out: &mut Vec<Piece>, s: &str, name: &str, table: &Table) {
    let part = |target: Target| Piece {
        in_created_table: true,
        ..Piece::new(s, name, target, Op::Add)
    };
    out.push(Piece::new(s, name, Target::Table, Op::Add));
    out.push(part(Target::Shape));
    out.extend(
        table
            .columns
            .iter()
            .map(|c| part(Target::Column(c.name.clone()))),
    );
    out.extend(table.indexes.keys().map(|n| part(Target::Index(n.clone()))));
    out.extend(
        table
            .foreign_keys
            .keys()
            .map(|n| part(Target::ForeignKey(n.clone()))),
    );
    out.extend(table.checks.keys().map(|n| part(Target::Check(n.clone()))));
}

fn altered_table(out: &mut Vec<Piece>, s: &str, name: &str, old: &Table, new: &Table) {
    for c in &new.columns {
        match old.column(&c.name) {
            None => out.push(Piece::new(s, name, Target::Column(c.name.clone()), Op::Add)),
            Some(o) if o != c => out.push(Piece::new(
                s,
                name,
                Target::Column(c.name.clone()),
                Op::Change,
            )),
            Some(_) => {}
        }
    }
    for c in old.columns.iter().filter(|c| new.column(&c.name).is_none()) {
        out.push(Piece::new(
            s,
            name,
            Target::Column(c.name.clone()),
            Op::Drop,
        ));
    }
    if old.primary_key != new.primary_key
        || old.options != new.options
        || old.comment != new.comment
    {
        out.push(Piece::new(s, name, Target::Shape, Op::Change));
    }
    keyed_pieces(out, s, name, &old.indexes, &new.indexes, Target::Index);
    keyed_pieces(
        out,
        s,
        name,
        &old.foreign_keys,
        &new.foreign_keys,
        Target::ForeignKey,
    );
    keyed_pieces(out, s, name, &old.checks, &new.checks, Target::Check);
}

fn keyed_pieces<V: PartialEq>(
    out: &mut Vec<Piece>,
    s: &str,
    table: &str,
    old: &BTreeMap<String, V>,
    new: &BTreeMap<String, V>,
    target: fn(String) -> Target,
) {
    for (n, v) in new {
        match old.get(n) {
            None => out.push(Piece::new(s, table, target(n.clone()), Op::Add)),
            Some(o) if o != v => out.push(Piece::new(s, table, target(n.clone()), Op::Change)),
            Some(_) => {}
        }
    }
    for n in old.keys().filter(|n| !new.contains_key(*n)) {
        out.push(Piece::new(s, table, target(n.clone()), Op::Drop));
    }
}

fn objects<V: PartialEq>(
    out: &mut Vec<Piece>,
    s: &str,
    old: &BTreeMap<String, V>,
    new: &BTreeMap<String, V>,
    target: fn(String) -> Target,
) {
    keyed_pieces(out, s, "", old, new, target);
}

mod attribute;
use attribute::{attribute, follow_references, settle};

#[cfg(test)]
mod tests;
