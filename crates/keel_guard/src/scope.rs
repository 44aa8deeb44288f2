//! Which tables a batch could change, read from its SQL text and the schema.

use std::collections::BTreeSet;

use keel_model::Snapshot;
use keel_sql::Dialect;

use crate::additive::is_additive;
use crate::TableRef;

/// The tables the guard reads around a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every table: the batch could reach anything (a trigger, a routine call, dynamic SQL, a
    /// schema-wide statement).
    All,
    /// Only these tables can change, plus any table the batch creates.
    Tables(BTreeSet<TableRef>),
}

impl Scope {
    /// The tables of `snapshot` this scope covers.
    pub fn tables_in(&self, snapshot: &Snapshot) -> BTreeSet<TableRef> {
        let all = TableRef::all_in(snapshot);
        match self {
            Scope::All => all,
            Scope::Tables(set) => all.intersection(set).cloned().collect(),
        }
    }
}

/// Words that let a script reach tables it does not name: dynamic SQL, routine calls,
/// anonymous blocks, and statements over whole schemas or databases.
const OPAQUE: &[&str] = &[
    "execute", "exec", "call", "do", "prepare", "schema", "database", "owned", "handler",
];

/// The tables `scripts` could change, judged against the schema before they run.
///
/// A table is in scope when its name appears as a word in a statement that is not merely
/// additive (quoted or not, in any case; see [`is_additive`]: a table only given a new
/// column or index keeps every value it had), when a view named in such a statement reads
/// it, or when it references an in-scope table through a foreign key (a cascade can reach
/// it). A trigger on an in-scope table, a routine named anywhere in a script, a partitioned
/// table, or any word of [`OPAQUE`] widens the scope to every table: the guard then reads
/// everything rather than guess. A script that cannot be split into statements counts as
/// touching every table it names.
pub fn affected(snapshot: &Snapshot, dialect: Dialect, scripts: &[&str]) -> Scope {
    let touching = touching_words(scripts, dialect);
    let words: BTreeSet<String> = scripts.iter().flat_map(|s| words(s)).collect();
    if OPAQUE.iter().any(|w| words.contains(*w)) {
        return Scope::All;
    }
    let all = TableRef::all_in(snapshot);
    let schemas = || snapshot.schemas.values();
    if schemas().any(|s| {
        s.tables.values().any(|t| t.options.partition_by.is_some())
            || s.routines.keys().any(|r| {
                let name = r.split('(').next().unwrap_or(r);
                words.contains(&name.to_lowercase())
            })
    }) {
        return Scope::All;
    }
    let mut set: BTreeSet<TableRef> = all
        .iter()
        .filter(|t| touching.contains(&t.name.to_lowercase()))
        .cloned()
        .collect();
    // Views named in a script: the tables their definitions name can change through them.
    for (schema, s) in &snapshot.schemas {
        for (name, view) in &s.views {
            if touching.contains(&name.to_lowercase()) {
                let inner = words_of(&view.definition);
                set.extend(
                    all.iter()
                        .filter(|t| t.schema == *schema && inner.contains(&t.name.to_lowercase()))
                        .cloned(),
                );
            }
        }
    }
    // Foreign keys pointing at an in-scope table: ON DELETE/UPDATE CASCADE or SET NULL reach
    // the referencing table. Repeated until nothing is added.
    loop {
        let mut added = false;
        for (schema, s) in &snapshot.schemas {
            for (name, table) in &s.tables {
                let me = TableRef::new(schema, name);
                if set.contains(&me) {
                    continue;
                }
                let reaches = table.foreign_keys.values().any(|fk| {
                    let parent =
                        TableRef::new(fk.ref_schema.as_deref().unwrap_or(schema), &fk.ref_table);
                    set.contains(&parent)
                });
                if reaches {
                    set.insert(me);
                    added = true;
                }
            }
        }
        if !added {
            break;
        }
    }
    let triggered = schemas().any(|s| {
        s.triggers
            .values()
            .any(|tr| set.iter().any(|t| t.name == tr.table))
    });
    if triggered {
        return Scope::All;
    }
    Scope::Tables(set)
}

/// The words of every statement in `scripts` that is not merely additive.
fn touching_words(scripts: &[&str], dialect: Dialect) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for script in scripts {
        match keel_sql::split(script, dialect) {
            Ok(statements) => {
                for st in statements
                    .iter()
                    .filter(|st| !is_additive(&st.text, dialect))
                {
                    out.extend(words(&st.text));
                }
            }
            Err(_) => out.extend(words(script)),
        }
    }
    out
}

fn words_of(text: &str) -> BTreeSet<String> {
    words(text).collect()
}

/// Lower-cased identifier-like words, plus the whole contents of quoted identifiers (which
/// may hold spaces). String literals are not skipped: a name in a literal only widens scope.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let plain = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let quoted = ['"', '`']
        .into_iter()
        .flat_map(move |q| text.split(q).skip(1).step_by(2).map(str::to_lowercase));
    plain.chain(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_model::{Column, ForeignKey, Table};

    fn schema() -> Snapshot {
        let mut s = Snapshot::new("sqlite", "3.45");
        let main = s.schema_mut("main");
        let mut posts = Table::default();
        posts.columns.push(Column::new("id", "integer"));
        main.tables.insert("posts".into(), posts);
        let mut photos = Table::default();
        photos.columns.push(Column::new("post_id", "integer"));
        photos.foreign_keys.insert(
            "fk".into(),
            ForeignKey {
                columns: vec!["post_id".into()],
                ref_table: "posts".into(),
                ref_columns: vec!["id".into()],
                ..ForeignKey::default()
            },
        );
        main.tables.insert("photos".into(), photos);
        main.tables.insert("Other Things".into(), Table::default());
        s
    }

    fn names(scope: Scope) -> Vec<String> {
        match scope {
            Scope::All => vec!["*".into()],
            Scope::Tables(t) => t.into_iter().map(|t| t.name).collect(),
        }
    }

    #[test]
    fn named_tables_and_their_cascade_children_are_in_scope() {
        let s = schema();
        assert_eq!(
            names(affected(
                &s,
                Dialect::Sqlite,
                &["DELETE FROM POSTS WHERE id = 1"]
            )),
            ["photos", "posts"]
        );
        assert_eq!(
            names(affected(
                &s,
                Dialect::Sqlite,
                &["ALTER TABLE photos RENAME x TO y"]
            )),
            ["photos"]
        );
        assert_eq!(
            names(affected(
                &s,
                Dialect::Sqlite,
                &["DROP TABLE \"Other Things\""]
            )),
            ["Other Things"]
        );
        assert!(names(affected(
            &s,
            Dialect::Sqlite,
            &["CREATE TABLE tags (id int)"]
        ))
        .is_empty());
    }

    #[test]
    fn a_trigger_on_an_affected_table_widens_the_scope_to_everything() {
        let mut s = schema();
        s.schema_mut("main").triggers.insert(
            "posts.audit".into(),
            keel_model::Trigger {
                table: "posts".into(),
                timing: "after".into(),
                events: vec!["delete".into()],
                for_each_row: true,
                definition: "CREATE TRIGGER audit AFTER DELETE ON posts BEGIN DELETE FROM \"Other Things\"; END".into(),
            },
        );
        assert_eq!(
            names(affected(&s, Dialect::Sqlite, &["DELETE FROM posts"])),
            ["*"]
        );
        assert_eq!(
            names(affected(
                &s,
                Dialect::Sqlite,
                &["UPDATE \"Other Things\" SET x = 1"]
            )),
            ["Other Things"],
            "a trigger on a table the batch cannot reach does not matter"
        );
    }

    #[test]
    fn a_table_only_given_new_columns_or_indexes_is_out_of_scope() {
        let s = schema();
        let script = "ALTER TABLE photos ADD COLUMN title text;\n\
                      CREATE INDEX photos_title ON photos (title);\n\
                      CREATE TABLE tags (id int, photo_id int REFERENCES photos (post_id));";
        assert!(names(affected(&s, Dialect::Sqlite, &[script])).is_empty());
        // The same table touched once more by a statement that can change values is read.
        let more = format!("{script}\nUPDATE photos SET title = 'x';");
        assert_eq!(names(affected(&s, Dialect::Sqlite, &[&more])), ["photos"]);
        // And the trigger rule follows the narrower scope: adding a column fires nothing.
        let mut with_trigger = schema();
        with_trigger.schema_mut("main").triggers.insert(
            "photos.audit".into(),
            keel_model::Trigger {
                table: "photos".into(),
                timing: "after".into(),
                events: vec!["update".into()],
                for_each_row: true,
                definition:
                    "CREATE TRIGGER audit AFTER UPDATE ON photos BEGIN DELETE FROM posts; END"
                        .into(),
            },
        );
        assert!(names(affected(&with_trigger, Dialect::Sqlite, &[script])).is_empty());
        assert_eq!(
            names(affected(&with_trigger, Dialect::Sqlite, &[&more])),
            ["*"]
        );
    }

    #[test]
    fn a_routine_named_in_an_additive_statement_still_widens_the_scope() {
        let mut s = schema();
        s.schema_mut("main")
            .routines
            .insert("fill_title()".into(), keel_model::Routine::default());
        assert_eq!(
            names(affected(
                &s,
                Dialect::Postgres,
                &["ALTER TABLE photos ADD COLUMN t text DEFAULT fill_title()"]
            )),
            ["*"]
        );
    }

    #[test]
    fn opaque_statements_widen_the_scope_to_everything() {
        let s = schema();
        assert_eq!(
            names(affected(&s, Dialect::Sqlite, &["CALL cleanup()"])),
            ["*"]
        );
        assert_eq!(
            names(affected(&s, Dialect::Sqlite, &["DROP SCHEMA app CASCADE"])),
            ["*"]
        );
    }
}
