use std::collections::{BTreeMap, BTreeSet};

use keel_model::{
    Check, Column, Domain, EnumType, ForeignKey, Index, PrimaryKey, Routine, Schema, Sequence,
    Snapshot, Table, Trigger, View,
};

/// A table's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableRef<'a> {
    /// Schema (`main` for SQLite and MySQL, the namespace for PostgreSQL).
    pub schema: &'a str,
    /// Table name.
    pub name: &'a str,
}

/// A column that uses an enum the plan replaces (see [`Ddl::recreate_enum`]), as it stands
/// when the enum is replaced: after tables are renamed, before columns are.
#[derive(Debug, Clone, Copy)]
pub struct EnumUse<'a> {
    /// The table (under its target name).
    pub table: TableRef<'a>,
    /// The table before the plan.
    pub from: &'a Table,
    /// The table after the plan.
    pub to: &'a Table,
    /// The column, as it is before the plan.
    pub column: &'a Column,
}

/// One statement of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The SQL, without a trailing semicolon.
    pub sql: String,
    /// Whether it destroys data (drops a table or column, narrows a type).
    pub destructive: bool,
    /// Whether it may run inside a transaction.
    pub transactional: bool,
}

/// The ordered DDL that turns one schema into another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Statements in execution order.
    pub steps: Vec<Step>,
    /// Differences the plan does not make, for a person to handle (objects keel does not
    /// model, a column order the engine cannot change): written at the top of the script.
    pub manual: Vec<String>,
}

impl Plan {
    /// Whether nothing needs to change.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The statements that destroy data.
    pub fn destructive(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.destructive)
    }

    /// The plan as a migration script: one statement per paragraph, destructive ones marked,
    /// and `-- keel:no-transaction` on top when a statement cannot run in a transaction.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        if self.steps.iter().any(|s| !s.transactional) {
            out.push_str("-- keel:no-transaction\n");
        }
        if !self.manual.is_empty() {
            out.push_str("-- keel: not generated, write by hand:\n");
            for note in &self.manual {
                out.push_str(&format!("--   {}\n", note.replace('\n', " ")));
            }
            if !self.steps.is_empty() {
                out.push('\n');
            }
        }
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if step.destructive {
                out.push_str("-- destructive: this statement drops data\n");
            }
            out.push_str(step.sql.trim_end());
            out.push_str(";\n");
        }
        out
    }
}

/// Renames the planner may use instead of drop + add. Keys and values are plain names;
/// table keys may be schema-qualified (`reporting.daily`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenameHints {
    /// Table renames: old name → new name.
    pub tables: BTreeMap<String, String>,
    /// Column renames: `table.old` → `new`.
    pub columns: BTreeMap<String, String>,
    /// Index renames: `table.old` → `new` (used when the engine can rename an index and the
    /// definition is otherwise unchanged).
    pub indexes: BTreeMap<String, String>,
}

/// How to plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Explicit renames; nothing else is ever treated as a rename.
    pub renames: RenameHints,
}

/// Why no plan could be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The two snapshots are of different engines.
    #[error(
        "cannot plan from a {from} schema to a {to} schema: both sides must be the same engine"
    )]
    EngineMismatch {
        /// First engine.
        from: String,
        /// Second engine.
        to: String,
    },
    /// The engine cannot express a change.
    #[error("{what} cannot be changed automatically on {engine}: {hint}")]
    Unsupported {
        /// The engine.
        engine: &'static str,
        /// The object and change.
        what: String,
        /// What to do instead.
        hint: String,
    },
}

/// How one engine spells each change. Methods returning `Option` answer `None` when the
/// engine cannot make that change in place; the planner then rebuilds the table (when the
/// engine can, see [`Ddl::rebuild_table`]) or reports the change as unsupported.
///
/// The planner calls these in dependency order; implementations only render SQL and never
/// decide order.
pub trait Ddl {
    /// The engine's name, for messages.
    fn engine(&self) -> &'static str;

    /// Quotes an identifier.
    fn quote(&self, ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }

    /// The schema-qualified, quoted name of a table or other object.
    fn qualified(&self, schema: &str, name: &str) -> String {
        if schema == "main" || schema == "public" {
            self.quote(name)
        } else {
            format!("{}.{}", self.quote(schema), self.quote(name))
        }
    }

    /// A column definition as it appears in CREATE TABLE and ADD COLUMN.
    fn column_definition(&self, table: &Table, column: &Column) -> String;

    /// Whether foreign keys must be declared inside CREATE TABLE (SQLite), rather than added
    /// afterwards.
    fn inline_foreign_keys(&self) -> bool {
        false
    }

    /// CREATE TABLE with columns, primary key, checks and unique constraints (and foreign keys
    /// when `with_foreign_keys`). Plain indexes come separately.
    fn create_table(&self, t: TableRef<'_>, table: &Table, with_foreign_keys: bool) -> Vec<String>;

    /// DROP TABLE.
    fn drop_table(&self, t: TableRef<'_>) -> String {
        format!("DROP TABLE {}", self.qualified(t.schema, t.name))
    }

    /// Renames a table.
    fn rename_table(&self, t: TableRef<'_>, to: &str) -> String {
        format!(
            "ALTER TABLE {} RENAME TO {}",
            self.qualified(t.schema, t.name),
            self.quote(to)
        )
    }

    /// What follows a table rename for names the engine derived from the table's name and
    /// that should follow it (PostgreSQL's `{table}_pkey`); `t` has the new name, `from` and
    /// `to` are the table before and after the plan.
    fn table_renamed(
        &self,
        _t: TableRef<'_>,
        _old_name: &str,
        _from: &Table,
        _to: &Table,
    ) -> Vec<String> {
        Vec::new()
    }

    /// Adds a column to an existing table (`table` is the target definition).
    fn add_column(&self, t: TableRef<'_>, table: &Table, column: &Column) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} ADD COLUMN {}",
            self.qualified(t.schema, t.name),
            self.column_definition(table, column)
        )])
    }

    /// Drops a column (`table` is the current definition).
    fn drop_column(&self, t: TableRef<'_>, table: &Table, column: &str) -> Option<Vec<String>> {
        let _ = table;
        Some(vec![format!(
            "ALTER TABLE {} DROP COLUMN {}",
            self.qualified(t.schema, t.name),
            self.quote(column)
        )])
    }

    /// Renames a column.
    fn rename_column(&self, t: TableRef<'_>, from: &str, to: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            self.qualified(t.schema, t.name),
            self.quote(from),
            self.quote(to)
        )])
    }

    /// Changes a column's type, nullability, default, generation, collation or comment.
    fn alter_column(
        &self,
        t: TableRef<'_>,
        table: &Table,
        from: &Column,
        to: &Column,
    ) -> Option<Vec<String>>;

    /// Moves a column to its target position: right after `after`, or first when `None`.
    /// `column` is the full target definition, so a column that moves and changes is written
    /// once. `None` when the engine cannot move columns: the planner then rebuilds the table
    /// to keep the column order exact.
    fn move_column(
        &self,
        _t: TableRef<'_>,
        _table: &Table,
        _column: &Column,
        _after: Option<&str>,
    ) -> Option<Vec<String>> {
        None
    }

    /// Whether CREATE TABLE already declares the table's indexes (the planner then creates
    /// none separately for a new table).
    fn create_table_includes_indexes(&self) -> bool {
        false
    }

    /// Whether a foreign key needs an index on its columns, which the engine makes itself
    /// (`implicit`) when there is none and leaves behind when the key is dropped (MySQL,
    /// MariaDB). The planner then compares such indexes by definition only, drops one itself
    /// (after its key) when the target no longer has it, drops an index a staying key relies
    /// on only once the new indexes exist, and re-adds a key whose only index is rebuilt.
    fn foreign_keys_need_indexes(&self) -> bool {
        false
    }

    /// Whether the engine refuses to change the type, character set or collation of a column
    /// that a foreign key uses, on either side (MySQL, MariaDB): the planner then drops such a
    /// key first and adds it back last.
    fn foreign_keys_block_type_changes(&self) -> bool {
        false
    }

    /// Renames an index whose definition does not change. `None`: drop and create instead.
    fn rename_index(&self, _t: TableRef<'_>, _from: &str, _to: &str) -> Option<Vec<String>> {
        None
    }

    /// Changes the primary key.
    fn alter_primary_key(
        &self,
        t: TableRef<'_>,
        from: Option<&PrimaryKey>,
        to: Option<&PrimaryKey>,
    ) -> Option<Vec<String>>;

    /// Creates an index (or unique constraint).
    fn create_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>>;

    /// Drops an index (or unique constraint).
    fn drop_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>>;

    /// Adds a foreign key to an existing table.
    fn add_foreign_key(&self, t: TableRef<'_>, name: &str, fk: &ForeignKey) -> Option<Vec<String>>;

    /// Drops a foreign key.
    fn drop_foreign_key(&self, t: TableRef<'_>, name: &str, fk: &ForeignKey)
        -> Option<Vec<String>>;

    /// Adds a CHECK constraint.
    fn add_check(&self, t: TableRef<'_>, name: &str, check: &Check) -> Option<Vec<String>>;

    /// Drops a CHECK constraint.
    fn drop_check(&self, t: TableRef<'_>, name: &str, check: &Check) -> Option<Vec<String>>;

    /// Adds a CHECK constraint to an existing table, `table` being its target definition
    /// (MariaDB declares a column-level check with its column). Default: [`Ddl::add_check`].
    fn add_check_to(
        &self,
        t: TableRef<'_>,
        table: &Table,
        name: &str,
        check: &Check,
    ) -> Option<Vec<String>> {
        let _ = table;
        self.add_check(t, name, check)
    }

    /// Drops a CHECK constraint, `table` being the current definition (MariaDB removes a
    /// column-level check by redeclaring its column). Default: [`Ddl::drop_check`].
    fn drop_check_from(
        &self,
        t: TableRef<'_>,
        table: &Table,
        name: &str,
        check: &Check,
    ) -> Option<Vec<String>> {
        let _ = table;
        self.drop_check(t, name, check)
    }

    /// Changes table options (engine, charset, comment …).
    fn alter_table_options(
        &self,
        _t: TableRef<'_>,
        _from: &Table,
        _to: &Table,
    ) -> Option<Vec<String>> {
        None
    }

    /// Rebuilds a table into its target shape, keeping the rows of columns both shapes share
    /// (SQLite's documented procedure). `None` when the engine never needs this.
    /// `copy` pairs each kept column of `from` with its name in `to`.
    fn rebuild_table(
        &self,
        _t: TableRef<'_>,
        _from: &Table,
        _to: &Table,
        _copy: &[(String, String)],
    ) -> Option<Vec<String>> {
        None
    }

    /// Creates a view.
    fn create_view(&self, schema: &str, name: &str, view: &View) -> Vec<String>;

    /// Drops a view.
    fn drop_view(&self, schema: &str, name: &str, view: &View) -> Vec<String> {
        let kind = if view.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        };
        vec![format!("DROP {kind} {}", self.qualified(schema, name))]
    }

    /// Creates a trigger (`key` is `table.trigger`).
    fn create_trigger(&self, _schema: &str, _key: &str, trigger: &Trigger) -> Vec<String> {
        vec![trigger.definition.clone()]
    }

    /// Drops a trigger.
    fn drop_trigger(&self, schema: &str, key: &str, trigger: &Trigger) -> Vec<String>;

    /// Creates a routine (`key` is `name(argument types)`).
    fn create_routine(&self, _schema: &str, _key: &str, routine: &Routine) -> Vec<String> {
        vec![routine.definition.clone()]
    }

    /// Drops a routine.
    fn drop_routine(&self, schema: &str, key: &str, routine: &Routine) -> Vec<String>;

    /// Creates a sequence.
    fn create_sequence(
        &self,
        schema: &str,
        name: &str,
        _sequence: &Sequence,
    ) -> Option<Vec<String>> {
        let _ = (schema, name);
        None
    }

    /// Drops a sequence.
    fn drop_sequence(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        let _ = (schema, name);
        None
    }

    /// Changes a sequence's settings.
    fn alter_sequence(
        &self,
        _schema: &str,
        _name: &str,
        _from: &Sequence,
        _to: &Sequence,
    ) -> Option<Vec<String>> {
        None
    }

    /// Creates an enum type.
    fn create_enum(&self, _schema: &str, _name: &str, _e: &EnumType) -> Option<Vec<String>> {
        None
    }

    /// Drops an enum type.
    fn drop_enum(&self, _schema: &str, _name: &str) -> Option<Vec<String>> {
        None
    }

    /// Changes an enum's labels (only additions can be done in place).
    fn alter_enum(
        &self,
        _schema: &str,
        _name: &str,
        _from: &EnumType,
        _to: &EnumType,
    ) -> Option<Vec<String>> {
        None
    }

    /// Replaces an enum whose labels were removed or reordered (what [`Ddl::alter_enum`]
    /// cannot do in place), moving every column in `uses` to the new type. Called after the
    /// tables that go are dropped and renamed ones renamed, before new tables are created.
    /// `None`: not possible.
    fn recreate_enum(
        &self,
        _schema: &str,
        _name: &str,
        _from: &EnumType,
        _to: &EnumType,
        _uses: &[EnumUse<'_>],
    ) -> Option<Vec<String>> {
        None
    }

    /// Brings a sequence that a column owns (serial, identity) to its target name and
    /// settings, once the tables are altered. `from` is the sequence before the plan, or
    /// `None` when the column made it during the plan (with the engine's defaults); `owner` is
    /// the owning column in the target. `None`: the engine has no such sequences.
    fn alter_owned_sequence(
        &self,
        _schema: &str,
        _name: &str,
        _from: Option<&Sequence>,
        _to: &Sequence,
        _owner: Option<(TableRef<'_>, &Column)>,
    ) -> Option<Vec<String>> {
        None
    }

    /// Changes a domain.
    fn alter_domain(
        &self,
        _schema: &str,
        _name: &str,
        _from: &Domain,
        _to: &Domain,
    ) -> Option<Vec<String>> {
        None
    }

    /// Sets (or with `None` removes) the comment on a schema.
    fn comment_on_schema(&self, _schema: &str, _comment: Option<&str>) -> Option<Vec<String>> {
        None
    }

    /// Replaces a routine in place (keeping what depends on it). `None`: drop it before the
    /// tables change and create it again after.
    fn replace_routine(
        &self,
        _schema: &str,
        _key: &str,
        _from: &Routine,
        _to: &Routine,
    ) -> Option<Vec<String>> {
        None
    }

    /// Installs an extension into a schema.
    fn create_extension_in(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        let _ = schema;
        self.create_extension(name)
    }

    /// Creates a domain.
    fn create_domain(&self, _schema: &str, _name: &str, _d: &Domain) -> Option<Vec<String>> {
        None
    }

    /// Drops a domain.
    fn drop_domain(&self, _schema: &str, _name: &str) -> Option<Vec<String>> {
        None
    }

    /// Creates a schema.
    fn create_schema(&self, _schema: &str) -> Option<Vec<String>> {
        None
    }

    /// Drops a schema.
    fn drop_schema(&self, _schema: &str) -> Option<Vec<String>> {
        None
    }

    /// Installs an extension.
    fn create_extension(&self, _name: &str) -> Option<Vec<String>> {
        None
    }

    /// Removes an extension.
    fn drop_extension(&self, _name: &str) -> Option<Vec<String>> {
        None
    }

    /// Whether a statement may run inside a transaction.
    fn transactional(&self, _sql: &str) -> bool {
        true
    }

    /// Whether a statement of a change that destroys data is one that can (a change rendered
    /// as several statements marks only those; the others set a default, a comment …).
    fn can_lose_data(&self, _sql: &str) -> bool {
        true
    }
}

/// Plans the DDL that turns `from` into `to`.
pub fn plan(
    from: &Snapshot,
    to: &Snapshot,
    ddl: &dyn Ddl,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    let family = |e: &str| {
        if e == "mariadb" {
            "mysql".to_string()
        } else {
            e.to_string()
        }
    };
    if family(&from.engine) != family(&to.engine) {
        return Err(PlanError::EngineMismatch {
            from: from.engine.clone(),
            to: to.engine.clone(),
        });
    }
    let mut p = Planner {
        ddl,
        steps: Vec::new(),
        manual: Vec::new(),
        options,
    };
    p.run(from, to)?;
    Ok(Plan {
        steps: p.steps,
        manual: p.manual,
    })
}

struct Planner<'a> {
    ddl: &'a dyn Ddl,
    steps: Vec<Step>,
    manual: Vec<String>,
    options: &'a PlanOptions,
}

/// What happens to a table that exists on both sides.
struct TableWork<'a> {
    schema: &'a str,
    name: &'a str,
    old_name: &'a str,
    from: &'a Table,
    to: &'a Table,
    rebuild: bool,
}

fn unsupported(engine: &'static str, what: String) -> PlanError {
    PlanError::Unsupported {
        engine,
        what,
        hint: "write this part of the migration by hand".into(),
    }
}

impl Planner<'_> {
    fn push(&mut self, sqls: Vec<String>, destructive: bool) {
        for sql in sqls {
            let transactional = self.ddl.transactional(&sql);
            let destructive = destructive && self.ddl.can_lose_data(&sql);
            self.steps.push(Step {
                sql,
                destructive,
                transactional,
            });
        }
    }

    fn need(
        &self,
        sqls: Option<Vec<String>>,
        what: impl FnOnce() -> String,
    ) -> Result<Vec<String>, PlanError> {
        sqls.ok_or_else(|| unsupported(self.ddl.engine(), what()))
    }

    /// Pushes non-destructive steps, or fails naming `what` when the engine has no DDL for it.
    fn emit(
        &mut self,
        sqls: Option<Vec<String>>,
        what: impl FnOnce() -> String,
    ) -> Result<(), PlanError> {
        let sqls = self.need(sqls, what)?;
        self.push(sqls, false);
        Ok(())
    }

    fn run(&mut self, from: &Snapshot, to: &Snapshot) -> Result<(), PlanError> {
        let empty = Schema::default();
        let schema_names: BTreeSet<&String> =
            from.schemas.keys().chain(to.schemas.keys()).collect();
        let sides: Vec<(&str, &Schema, &Schema)> = schema_names
            .iter()
            .map(|n| {
                (
                    n.as_str(),
                    from.schemas.get(*n).unwrap_or(&empty),
                    to.schemas.get(*n).unwrap_or(&empty),
                )
            })
            .collect();

        // Which tables survive, under which name, and whether they can be altered in place.
        let mut work: Vec<TableWork<'_>> = Vec::new();
        let mut dropped: Vec<(&str, &str, &Table)> = Vec::new();
        let mut created: Vec<(&str, &str, &Table)> = Vec::new();
        for (schema, a, b) in &sides {
            let renamed_to = |old: &str| {
                self.options
                    .renames
                    .tables
                    .get(&format!("{schema}.{old}"))
                    .or_else(|| self.options.renames.tables.get(old))
                    .cloned()
            };
            let mut matched_new: BTreeSet<&str> = BTreeSet::new();
            for (name, table) in &a.tables {
                if let Some(target) = b.tables.get(name) {
                    work.push(TableWork {
                        schema,
                        name,
                        old_name: name,
                        from: table,
                        to: target,
                        rebuild: false,
                    });
                    matched_new.insert(name);
                } else if let Some((new_name, target)) =
                    renamed_to(name).and_then(|n| b.tables.get_key_value(&n))
                {
                    work.push(TableWork {
                        schema,
                        name: new_name,
                        old_name: name,
                        from: table,
                        to: target,
                        rebuild: false,
                    });
                    matched_new.insert(new_name);
                } else {
                    dropped.push((schema, name, table));
                }
            }
            for (name, table) in &b.tables {
                if !matched_new.contains(name.as_str()) {
                    created.push((schema, name, table));
                }
            }
        }
        for w in &mut work {
            // An engine that cannot rebuild (MySQL) alters in place, which names the change it
            // cannot make.
            w.rebuild = self.needs_rebuild(w)
                && self
                    .ddl
                    .rebuild_table(
                        TableRef {
                            schema: w.schema,
                            name: w.name,
                        },
                        w.from,
                        w.to,
                        &[],
                    )
                    .is_some();
        }

        // What the plan cannot do, listed for a person: objects keel does not model.
        let unsupported_from: BTreeSet<_> = from.unsupported.iter().collect();
        let unsupported_to: BTreeSet<_> = to.unsupported.iter().collect();
        for u in unsupported_from.difference(&unsupported_to) {
            self.manual
                .push(format!("remove {} {} ({})", u.kind, u.object, u.reason));
        }
        for u in unsupported_to.difference(&unsupported_from) {
            self.manual
                .push(format!("add {} {} ({})", u.kind, u.object, u.reason));
        }

        // Enums whose labels change in a way the engine can only make by replacing the type.
        let mut recreated: Vec<(&str, &str, &EnumType, &EnumType)> = Vec::new();
        for (schema, a, b) in &sides {
            for (name, e) in &b.enums {
                if let Some(old) = a.enums.get(name).filter(|old| *old != e) {
                    if self.ddl.alter_enum(schema, name, old, e).is_none()
                        && self.ddl.recreate_enum(schema, name, old, e, &[]).is_some()
                    {
                        recreated.push((schema, name, old, e));
                    }
                }
            }
        }

        // Tables whose shape changes: views and triggers that mention them are detached first
        // and recreated afterwards, because engines refuse (or silently break) otherwise.
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for w in &work {
            let retyped = recreated.iter().any(|(schema, name, _, _)| {
                w.from
                    .columns
                    .iter()
                    .any(|c| uses_type(&c.ty, w.schema, schema, name))
            });
            if retyped {
                touched.insert(w.old_name.to_ascii_lowercase());
                touched.insert(w.name.to_ascii_lowercase());
            }
        }
        for (_, name, _) in &dropped {
            touched.insert(name.to_ascii_lowercase());
        }
        for w in &work {
            let columns_change = w.rebuild
                || w.from.columns != w.to.columns
                || w.from.primary_key != w.to.primary_key
                || w.name != w.old_name;
            if columns_change {
                touched.insert(w.old_name.to_ascii_lowercase());
                touched.insert(w.name.to_ascii_lowercase());
            }
        }

        // 1. Prelude: schemas, extensions, types, sequences.
        for (schema, a, b) in &sides {
            let _ = a;
            if !from.schemas.contains_key(*schema)
                && to.schemas.contains_key(*schema)
                && !is_default(schema)
            {
                self.emit(self.ddl.create_schema(schema), || {
                    format!("schema {schema}")
                })?;
            }
            if to.schemas.contains_key(*schema) && a.comment != b.comment {
                if let Some(s) = self.ddl.comment_on_schema(schema, b.comment.as_deref()) {
                    self.push(s, false);
                }
            }
            for e in b.extensions.iter().filter(|e| !a.extensions.contains(e)) {
                self.emit(self.ddl.create_extension_in(schema, e), || {
                    format!("extension {e}")
                })?;
            }
            for (name, e) in &b.enums {
                match a.enums.get(name) {
                    None => {
                        self.emit(self.ddl.create_enum(schema, name, e), || {
                            format!("enum {name}")
                        })?;
                    }
                    Some(_) if recreated.iter().any(|r| r.0 == *schema && r.1 == name) => {}
                    Some(old) if old != e => {
                        self.emit(self.ddl.alter_enum(schema, name, old, e), || {
                            format!("enum {name} (labels removed or reordered)")
                        })?;
                    }
                    Some(_) => {}
                }
            }
            for (name, d) in &b.domains {
                match a.domains.get(name) {
                    None => {
                        self.emit(self.ddl.create_domain(schema, name, d), || {
                            format!("domain {name}")
                        })?;
                    }
                    Some(old) if old != d => {
                        self.emit(self.ddl.alter_domain(schema, name, old, d), || {
                            format!("domain {name}")
                        })?;
                    }
                    Some(_) => {}
                }
            }
            for (name, seq) in &b.sequences {
                if seq.owned_by.is_some() {
                    continue;
                }
                match a.sequences.get(name) {
                    None => {
                        self.emit(self.ddl.create_sequence(schema, name, seq), || {
                            format!("sequence {name}")
                        })?;
                    }
                    Some(old) if old != seq => {
                        let s = self
                            .need(self.ddl.alter_sequence(schema, name, old, seq), || {
                                format!("sequence {name}")
                            })?;
                        self.push(s, false);
                    }
                    Some(_) => {}
                }
            }
        }

        // 2. Detach: triggers, views, routines, then constraints and indexes that change.
        let mut views_to_recreate: Vec<(&str, &str, &View)> = Vec::new();
        let mut triggers_to_recreate: Vec<(&str, &str, &Trigger)> = Vec::new();
        let positions = trigger_positions(to);
        for (schema, a, b) in &sides {
            let depends = |trigger: &Trigger| {
                touched.contains(&trigger.table.to_ascii_lowercase())
                    || mentions_any(&trigger.definition, &touched)
            };
            // Triggers that share a table, timing and event run in creation order (MySQL): when
            // one of an ordered group is (re)created, the whole group is, in the target's order.
            let regroup: BTreeSet<(String, &str, &[String])> = b
                .triggers
                .iter()
                .filter(|(key, t)| {
                    positions.contains_key(*key)
                        && a.triggers
                            .get(*key)
                            .is_none_or(|old| old != *t || depends(old))
                })
                .map(|(_, t)| trigger_group(t))
                .collect();
            // Routines dropped below: a trigger that calls one goes first, even on a table
            // that is dropped anyway.
            let routines_dropped: BTreeSet<String> = a
                .routines
                .iter()
                .filter(|(key, r)| match b.routines.get(*key) {
                    Some(target) => {
                        target != *r && self.ddl.replace_routine(schema, key, r, target).is_none()
                    }
                    None => true,
                })
                .map(|(key, _)| key.split('(').next().unwrap_or(key).to_ascii_lowercase())
                .collect();
            for (key, trigger) in &a.triggers {
                let depends = depends(trigger) || regroup.contains(&trigger_group(trigger));
                let table_gone = dropped
                    .iter()
                    .any(|(s, n, _)| s == schema && *n == trigger.table)
                    && !mentions_any(&trigger.definition, &routines_dropped);
                match b.triggers.get(key) {
                    Some(t) if t == trigger && !depends => {}
                    keep => {
                        if !table_gone {
                            let s = self.ddl.drop_trigger(schema, key, trigger);
                            self.push(s, false);
                        }
                        if let Some(t) = keep {
                            triggers_to_recreate.push((schema, key, t));
                        }
                    }
                }
            }
            let order = view_order(&a.views);
            let mut dropping: BTreeSet<String> = BTreeSet::new();
            // Walk in creation order, so that a view is marked after everything it reads;
            // then drop in the reverse order, dependants first.
            for name in &order {
                let view = &a.views[*name];
                let depends = mentions_any(&view.definition, &touched)
                    || mentions_any(&view.definition, &dropping);
                let changed = b.views.get(*name) != Some(view);
                if changed || depends {
                    dropping.insert(name.to_ascii_lowercase());
                }
            }
            for name in order.iter().rev() {
                if dropping.contains(&name.to_ascii_lowercase()) {
                    let s = self.ddl.drop_view(schema, name, &a.views[*name]);
                    self.push(s, false);
                }
            }
            for name in view_order(&b.views) {
                if dropping.contains(&name.to_ascii_lowercase()) || !a.views.contains_key(name) {
                    views_to_recreate.push((schema, name, &b.views[name]));
                }
            }
            for (key, routine) in &a.routines {
                let replaced = |target: &Routine| {
                    target == routine
                        || self
                            .ddl
                            .replace_routine(schema, key, routine, target)
                            .is_some()
                };
                if !b.routines.get(key).is_some_and(replaced) {
                    let s = self.ddl.drop_routine(schema, key, routine);
                    self.push(s, false);
                }
            }
        }
        for w in work.iter().filter(|w| !w.rebuild) {
            let t = TableRef {
                schema: w.schema,
                name: w.old_name,
            };
            for (name, fk) in &w.from.foreign_keys {
                if w.to.foreign_keys.get(name) != Some(fk)
                    || references_touched(fk, &dropped)
                    || self.loses_index(w, fk)
                    || self.fk_retyped(&work, w, fk)
                {
                    self.emit(self.ddl.drop_foreign_key(t, name, fk), || {
                        format!("foreign key {name} on {}", w.name)
                    })?;
                }
            }
            for (name, check) in differing(&w.from.checks, &w.to.checks) {
                self.emit(self.ddl.drop_check_from(t, w.from, name, check), || {
                    format!("check {name} on {}", w.name)
                })?;
            }
            let renamed = self.index_renames(w);
            for (name, index) in &w.from.indexes {
                if self.drops_index(w, name, index)
                    && !renamed.iter().any(|(old, _)| old == name)
                    && !self.index_drop_deferred(w, name, index)
                {
                    self.emit(self.ddl.drop_index(t, name, index), || {
                        format!("index {name} on {}", w.name)
                    })?;
                }
            }
        }
        if !self.ddl.inline_foreign_keys() {
            // Foreign keys of dropped tables go first, so that tables referencing each other
            // can be dropped in any order.
            for (schema, name, table) in &dropped {
                for (fk_name, fk) in &table.foreign_keys {
                    self.emit(
                        self.ddl
                            .drop_foreign_key(TableRef { schema, name }, fk_name, fk),
                        || format!("foreign key {fk_name} on {name}"),
                    )?;
                }
            }
        }

        // 3. Tables: drop, rename, create (parents first).
        for (schema, name, _) in &dropped {
            let s = self.ddl.drop_table(TableRef { schema, name });
            self.push(vec![s], true);
        }
        for w in &work {
            if w.name != w.old_name {
                let s = self.ddl.rename_table(
                    TableRef {
                        schema: w.schema,
                        name: w.old_name,
                    },
                    w.name,
                );
                self.push(vec![s], false);
                let s = self.ddl.table_renamed(
                    TableRef {
                        schema: w.schema,
                        name: w.name,
                    },
                    w.old_name,
                    w.from,
                    w.to,
                );
                self.push(s, false);
            }
        }
        for (schema, name, old, e) in &recreated {
            let uses: Vec<EnumUse<'_>> = work
                .iter()
                .flat_map(|w| {
                    w.from
                        .columns
                        .iter()
                        .filter(|c| uses_type(&c.ty, w.schema, schema, name))
                        .map(|c| EnumUse {
                            table: TableRef {
                                schema: w.schema,
                                name: w.name,
                            },
                            from: w.from,
                            to: w.to,
                            column: c,
                        })
                })
                .collect();
            let s = self.need(self.ddl.recreate_enum(schema, name, old, e, &uses), || {
                format!("enum {name}")
            })?;
            // Rows holding a removed label cannot be cast: those casts (`… USING …`) lose data.
            let loses = old.values.iter().any(|v| !e.values.contains(v));
            for sql in s {
                let destructive = loses && sql.contains(" USING ");
                self.push(vec![sql], destructive);
            }
        }
        let inline = self.ddl.inline_foreign_keys();
        for (schema, name, table) in parents_first(&created) {
            let s = self
                .ddl
                .create_table(TableRef { schema, name }, table, inline);
            self.push(s, false);
        }

        // 4. Alter the tables that stay.
        for w in &work {
            let t = TableRef {
                schema: w.schema,
                name: w.name,
            };
            if w.rebuild {
                let copy: Vec<(String, String)> = w
                    .from
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), self.column_target(w, &c.name)))
                    .filter(|(_, target)| w.to.column(target).is_some())
                    .collect();
                let s = self.need(self.ddl.rebuild_table(t, w.from, w.to, &copy), || {
                    format!("table {}", w.name)
                })?;
                let loses = w
                    .from
                    .columns
                    .iter()
                    .any(|c| w.to.column(&self.column_target(w, &c.name)).is_none());
                self.push(s, loses);
                continue;
            }
            self.alter_in_place(w)?;
        }
        self.owned_sequences(from, to, &sides);

        // 5. Attach: indexes, checks, then every foreign key last.
        for (schema, name, table) in parents_first(&created) {
            let t = TableRef { schema, name };
            for (index_name, index) in &table.indexes {
                if index.kind == keel_model::IndexKind::UniqueConstraint
                    || index.implicit
                    || self.ddl.create_table_includes_indexes()
                {
                    continue;
                }
                self.emit(self.ddl.create_index(t, index_name, index), || {
                    format!("index {index_name} on {name}")
                })?;
            }
        }
        for w in work.iter().filter(|w| !w.rebuild) {
            let t = TableRef {
                schema: w.schema,
                name: w.name,
            };
            let renamed = self.index_renames(w);
            for (name, index) in &w.to.indexes {
                if self.creates_index(w, name, index) && !renamed.iter().any(|(_, new)| new == name)
                {
                    self.emit(self.ddl.create_index(t, name, index), || {
                        format!("index {name} on {}", w.name)
                    })?;
                }
            }
            for (name, index) in &w.from.indexes {
                if self.drops_index(w, name, index)
                    && self.index_drop_deferred(w, name, index)
                    && !renamed.iter().any(|(old, _)| old == name)
                {
                    self.emit(self.ddl.drop_index(t, name, index), || {
                        format!("index {name} on {}", w.name)
                    })?;
                }
            }
            for (name, check) in differing(&w.to.checks, &w.from.checks) {
                self.emit(self.ddl.add_check_to(t, w.to, name, check), || {
                    format!("check {name} on {}", w.name)
                })?;
            }
        }
        if !inline {
            for (schema, name, table) in parents_first(&created) {
                for (fk_name, fk) in &table.foreign_keys {
                    self.emit(
                        self.ddl
                            .add_foreign_key(TableRef { schema, name }, fk_name, fk),
                        || format!("foreign key {fk_name} on {name}"),
                    )?;
                }
            }
        }
        for w in work.iter().filter(|w| !w.rebuild) {
            let t = TableRef {
                schema: w.schema,
                name: w.name,
            };
            for (name, fk) in &w.to.foreign_keys {
                if w.from.foreign_keys.get(name) != Some(fk)
                    || references_touched(fk, &dropped)
                    || self.loses_index(w, fk)
                    || w.from
                        .foreign_keys
                        .get(name)
                        .is_some_and(|old| self.fk_retyped(&work, w, old))
                {
                    self.emit(self.ddl.add_foreign_key(t, name, fk), || {
                        format!("foreign key {name} on {}", w.name)
                    })?;
                }
            }
        }

        // 6. Recreate routines, views (dependencies first) and triggers.
        for (schema, a, b) in &sides {
            for (key, routine) in &b.routines {
                match a.routines.get(key) {
                    Some(old) if old == routine => {}
                    Some(old) => {
                        let s = self
                            .ddl
                            .replace_routine(schema, key, old, routine)
                            .unwrap_or_else(|| self.ddl.create_routine(schema, key, routine));
                        self.push(s, false);
                    }
                    None => {
                        let s = self.ddl.create_routine(schema, key, routine);
                        self.push(s, false);
                    }
                }
            }
        }
        for (schema, name, view) in views_to_recreate {
            let s = self.ddl.create_view(schema, name, view);
            self.push(s, false);
        }
        for (schema, a, b) in &sides {
            for (key, trigger) in &b.triggers {
                if !a.triggers.contains_key(key) {
                    triggers_to_recreate.push((schema, key, trigger));
                }
            }
        }
        triggers_to_recreate.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
        triggers_to_recreate.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
        order_trigger_groups(&mut triggers_to_recreate, &positions);
        for (schema, key, trigger) in triggers_to_recreate {
            let s = self.ddl.create_trigger(schema, key, trigger);
            self.push(s, false);
        }

        // 7. Clean up what nothing uses any more.
        for (schema, a, b) in &sides {
            for (name, seq) in &a.sequences {
                if seq.owned_by.is_none() && !b.sequences.contains_key(name) {
                    self.emit(self.ddl.drop_sequence(schema, name), || {
                        format!("sequence {name}")
                    })?;
                }
            }
            for name in a.domains.keys().filter(|n| !b.domains.contains_key(*n)) {
                self.emit(self.ddl.drop_domain(schema, name), || {
                    format!("domain {name}")
                })?;
            }
            for name in a.enums.keys().filter(|n| !b.enums.contains_key(*n)) {
                self.emit(self.ddl.drop_enum(schema, name), || format!("enum {name}"))?;
            }
            for e in a.extensions.iter().filter(|e| !b.extensions.contains(e)) {
                self.emit(self.ddl.drop_extension(e), || format!("extension {e}"))?;
            }
            if from.schemas.contains_key(*schema)
                && !to.schemas.contains_key(*schema)
                && !is_default(schema)
            {
                let s = self.need(self.ddl.drop_schema(schema), || format!("schema {schema}"))?;
                self.push(s, true);
            }
        }
        Ok(())
    }

    /// Sequences owned by columns: once the columns are in place, each new or changed one is
    /// brought to its target name and settings. A sequence counts as made during the plan when
    /// its column is new or changed how it numbers itself.
    fn owned_sequences(
        &mut self,
        from: &Snapshot,
        to: &Snapshot,
        sides: &[(&str, &Schema, &Schema)],
    ) {
        let kind = |c: &Column| match &c.identity {
            Some(keel_model::Identity::Serial { .. }) => 1,
            Some(keel_model::Identity::Identity { .. }) => 2,
            _ => 0,
        };
        for (schema, a, b) in sides {
            for (name, seq) in &b.sequences {
                let Some(owned_by) = &seq.owned_by else {
                    continue;
                };
                let owner = owner_column(to, schema, owned_by);
                let old = a.sequences.get(name);
                let old_owner = old
                    .and_then(|o| o.owned_by.as_deref())
                    .and_then(|o| owner_column(from, schema, o));
                let made = match (old_owner, owner) {
                    (Some((_, was)), Some((_, now))) => kind(was) != kind(now),
                    _ => true,
                };
                let before = if made { None } else { old };
                if before == Some(seq) {
                    continue;
                }
                if let Some(s) = self
                    .ddl
                    .alter_owned_sequence(schema, name, before, seq, owner)
                {
                    self.push(s, false);
                }
            }
        }
    }

    /// The name a column of `w.from` has in `w.to` (after a hinted rename).
    fn column_target(&self, w: &TableWork<'_>, column: &str) -> String {
        self.options
            .renames
            .columns
            .get(&format!("{}.{column}", w.name))
            .or_else(|| {
                self.options
                    .renames
                    .columns
                    .get(&format!("{}.{column}", w.old_name))
            })
            .cloned()
            .unwrap_or_else(|| column.to_string())
    }

    /// Whether any change to this table is one the engine cannot make in place.
    fn needs_rebuild(&self, w: &TableWork<'_>) -> bool {
        let t = TableRef {
            schema: w.schema,
            name: w.name,
        };
        let targets: BTreeMap<String, &Column> = w
            .from
            .columns
            .iter()
            .map(|c| (self.column_target(w, &c.name), c))
            .collect();
        for c in &w.from.columns {
            let target = self.column_target(w, &c.name);
            match w.to.column(&target) {
                None if self.ddl.drop_column(t, w.from, &c.name).is_none() => return true,
                Some(_)
                    if target != c.name
                        && self.ddl.rename_column(t, &c.name, &target).is_none() =>
                {
                    return true
                }
                Some(new) => {
                    let renamed = Column {
                        name: new.name.clone(),
                        ..c.clone()
                    };
                    if &renamed != new && self.ddl.alter_column(t, w.to, &renamed, new).is_none() {
                        return true;
                    }
                }
                None => {}
            }
        }
        for c in &w.to.columns {
            if !targets.contains_key(&c.name) && self.ddl.add_column(t, w.to, c).is_none() {
                return true;
            }
        }
        if w.from.primary_key != w.to.primary_key
            && self
                .ddl
                .alter_primary_key(t, w.from.primary_key.as_ref(), w.to.primary_key.as_ref())
                .is_none()
        {
            return true;
        }
        let (from, to) = (w.from, w.to);
        let in_place = differing(&from.foreign_keys, &to.foreign_keys)
            .all(|(name, fk)| self.ddl.drop_foreign_key(t, name, fk).is_some())
            && differing(&to.foreign_keys, &from.foreign_keys)
                .all(|(name, fk)| self.ddl.add_foreign_key(t, name, fk).is_some())
            && differing(&from.checks, &to.checks)
                .all(|(name, c)| self.ddl.drop_check_from(t, from, name, c).is_some())
            && differing(&to.checks, &from.checks)
                .all(|(name, c)| self.ddl.add_check_to(t, to, name, c).is_some());
        if !in_place {
            return true;
        }
        for (name, i) in &w.from.indexes {
            if self.drops_index(w, name, i) && self.ddl.drop_index(t, name, i).is_none() {
                return true;
            }
        }
        for (name, i) in &w.to.indexes {
            if self.creates_index(w, name, i) && self.ddl.create_index(t, name, i).is_none() {
                return true;
            }
        }
        if (w.from.options != w.to.options || w.from.comment != w.to.comment)
            && self.ddl.alter_table_options(t, w.from, w.to).is_none()
        {
            return true;
        }
        // Column order: engines without a way to move columns rebuild to keep it exact.
        let kept: Vec<String> = w
            .from
            .columns
            .iter()
            .map(|c| self.column_target(w, &c.name))
            .filter(|n| w.to.column(n).is_some())
            .collect();
        let target_order: Vec<String> =
            w.to.columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|n| kept.contains(n))
                .collect();
        kept != target_order
            && self
                .ddl
                .move_column(t, w.to, &w.to.columns[0], None)
                .is_none()
    }

    /// Whether an index of `w.from` is dropped: it changes or goes, and it is not one the
    /// engine made for a foreign key (unless the engine leaves those behind and the target has
    /// no such index).
    fn drops_index(&self, w: &TableWork<'_>, name: &str, index: &Index) -> bool {
        let outlive = self.ddl.foreign_keys_need_indexes();
        let target = w.to.indexes.get(name);
        let renamed = self.renamed_index(w, index);
        let changed = match target {
            None => true,
            Some(other) if outlive => !same_definition(&renamed, other),
            Some(other) => *other != renamed,
        };
        changed && (!index.implicit || (outlive && target.is_none()))
    }

    /// Whether an index of `w.to` is created: it is new or changes, and the engine does not
    /// make it itself for a foreign key.
    fn creates_index(&self, w: &TableWork<'_>, name: &str, index: &Index) -> bool {
        let changed = match w
            .from
            .indexes
            .get(name)
            .map(|other| self.renamed_index(w, other))
        {
            None => true,
            Some(other) if self.ddl.foreign_keys_need_indexes() => !same_definition(index, &other),
            Some(other) => other != *index,
        };
        changed && !index.implicit
    }

    /// Whether a column on either side of foreign key `fk` (of `w.from`) changes type,
    /// character set or collation, when the engine refuses that under a key.
    fn fk_retyped(&self, work: &[TableWork<'_>], w: &TableWork<'_>, fk: &ForeignKey) -> bool {
        if !self.ddl.foreign_keys_block_type_changes() {
            return false;
        }
        let retyped = |tw: &TableWork<'_>, column: &str| {
            let shape = |c: &Column| {
                (
                    c.ty.clone(),
                    c.raw_type.clone(),
                    c.charset.clone(),
                    c.collation.clone(),
                )
            };
            match (
                tw.from.column(column),
                tw.to.column(&self.column_target(tw, column)),
            ) {
                (Some(a), Some(b)) => shape(a) != shape(b),
                _ => false,
            }
        };
        let parent = work.iter().find(|p| {
            p.old_name == fk.ref_table && fk.ref_schema.as_deref().is_none_or(|s| s == p.schema)
        });
        fk.columns.iter().any(|c| retyped(w, c))
            || parent.is_some_and(|p| fk.ref_columns.iter().any(|c| retyped(p, c)))
    }

    /// An index of `w.from` with its columns under their names in `w.to` (renaming a column
    /// renames it in the indexes too).
    fn renamed_index(&self, w: &TableWork<'_>, index: &Index) -> Index {
        let mut out = index.clone();
        for part in &mut out.parts {
            if let Some(c) = &part.column {
                part.column = Some(self.column_target(w, c));
            }
        }
        out
    }

    /// Whether an index that goes for good is one a staying foreign key relies on: it is then
    /// dropped after the new indexes exist (one of which must take over).
    fn index_drop_deferred(&self, w: &TableWork<'_>, name: &str, index: &Index) -> bool {
        self.ddl.foreign_keys_need_indexes()
            && !w.to.indexes.contains_key(name)
            && w.to
                .foreign_keys
                .iter()
                .any(|(n, fk)| w.from.foreign_keys.get(n) == Some(fk) && serves(index, fk))
    }

    /// Whether every index serving a staying foreign key is dropped and made again under its
    /// name: the key must then go first and come back last.
    fn loses_index(&self, w: &TableWork<'_>, fk: &ForeignKey) -> bool {
        if !self.ddl.foreign_keys_need_indexes() {
            return false;
        }
        let serving: Vec<(&String, &Index)> = w
            .from
            .indexes
            .iter()
            .filter(|(_, i)| serves(i, fk))
            .collect();
        !serving.is_empty()
            && serving
                .iter()
                .all(|(n, i)| self.drops_index(w, n, i) && w.to.indexes.contains_key(n.as_str()))
    }

    /// Hinted index renames the engine can make: (old, new) pairs whose definition stays.
    fn index_renames(&self, w: &TableWork<'_>) -> Vec<(String, String)> {
        let t = TableRef {
            schema: w.schema,
            name: w.name,
        };
        let hints = &self.options.renames.indexes;
        w.from
            .indexes
            .iter()
            .filter_map(|(old, index)| {
                let new = hints
                    .get(&format!("{}.{old}", w.name))
                    .or_else(|| hints.get(&format!("{}.{old}", w.old_name)))?;
                let target = w.to.indexes.get(new)?;
                let fits = new != old
                    && !w.to.indexes.contains_key(old)
                    && !w.from.indexes.contains_key(new)
                    && same_definition(&self.renamed_index(w, index), target)
                    && self.ddl.rename_index(t, old, new).is_some();
                fits.then(|| (old.clone(), new.clone()))
            })
            .collect()
    }

    /// Kept columns that must move for the order to match the target: all but a longest run of
    /// them already in target order, so each moves at most once (skeema#36). Each comes with
    /// the kept column it goes after (`None`: first), in target order.
    fn column_moves(&self, w: &TableWork<'_>) -> Vec<(String, Option<String>)> {
        let kept: Vec<String> = w
            .from
            .columns
            .iter()
            .map(|c| self.column_target(w, &c.name))
            .filter(|n| w.to.column(n).is_some())
            .collect();
        let target: Vec<String> =
            w.to.columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|n| kept.contains(n))
                .collect();
        if kept == target {
            return Vec::new();
        }
        let positions: Vec<usize> = kept
            .iter()
            .filter_map(|n| target.iter().position(|x| x == n))
            .collect();
        let stay = longest_increasing(&positions);
        target
            .iter()
            .enumerate()
            .filter(|(i, _)| !stay.contains(i))
            .map(|(i, name)| (name.clone(), i.checked_sub(1).map(|j| target[j].clone())))
            .collect()
    }

    fn alter_in_place(&mut self, w: &TableWork<'_>) -> Result<(), PlanError> {
        let t = TableRef {
            schema: w.schema,
            name: w.name,
        };
        let engine = self.ddl.engine();
        for c in &w.from.columns {
            let target = self.column_target(w, &c.name);
            if target != c.name && w.to.column(&target).is_some() {
                let s = self.ddl.rename_column(t, &c.name, &target).ok_or_else(|| {
                    unsupported(engine, format!("rename of {}.{}", w.name, c.name))
                })?;
                self.push(s, false);
            }
        }
        for (old, new) in self.index_renames(w) {
            let s = self.ddl.rename_index(t, &old, &new).ok_or_else(|| {
                unsupported(engine, format!("rename of index {old} on {}", w.name))
            })?;
            self.push(s, false);
        }
        if w.from.primary_key.is_some() && w.from.primary_key != w.to.primary_key {
            let s = self
                .ddl
                .alter_primary_key(t, w.from.primary_key.as_ref(), None)
                .ok_or_else(|| unsupported(engine, format!("primary key of {}", w.name)))?;
            self.push(s, false);
        }
        for c in w.from.columns.iter().rev() {
            if w.to.column(&self.column_target(w, &c.name)).is_none() {
                let s = self
                    .ddl
                    .drop_column(t, w.from, &c.name)
                    .ok_or_else(|| unsupported(engine, format!("drop of {}.{}", w.name, c.name)))?;
                self.push(s, true);
            }
        }
        let mut moved: BTreeSet<String> = BTreeSet::new();
        for (name, after) in self.column_moves(w) {
            let Some(new) = w.to.column(&name) else {
                continue;
            };
            let narrows = w
                .from
                .columns
                .iter()
                .any(|c| self.column_target(w, &c.name) == name && c.ty != new.ty);
            let Some(s) = self.ddl.move_column(t, w.to, new, after.as_deref()) else {
                // Neither moved nor rebuilt (PostgreSQL): the order is left to a person.
                let order: Vec<&str> = w.to.columns.iter().map(|c| c.name.as_str()).collect();
                self.manual.push(format!(
                    "column order of {}: {} cannot move columns; the target order is ({}) and {name} is out of place",
                    w.name,
                    engine,
                    order.join(", ")
                ));
                continue;
            };
            self.push(s, narrows);
            moved.insert(name);
        }
        let sources: BTreeSet<String> = w
            .from
            .columns
            .iter()
            .map(|c| self.column_target(w, &c.name))
            .collect();
        for c in &w.to.columns {
            if !sources.contains(&c.name) {
                let s = self.ddl.add_column(t, w.to, c).ok_or_else(|| {
                    unsupported(engine, format!("new column {}.{}", w.name, c.name))
                })?;
                self.push(s, false);
            }
        }
        for c in &w.from.columns {
            let target = self.column_target(w, &c.name);
            if let Some(new) = w.to.column(&target) {
                let renamed = Column {
                    name: new.name.clone(),
                    ..c.clone()
                };
                if &renamed != new && !moved.contains(&new.name) {
                    let s = self
                        .ddl
                        .alter_column(t, w.to, &renamed, new)
                        .ok_or_else(|| {
                            unsupported(engine, format!("change of {}.{}", w.name, new.name))
                        })?;
                    let narrows = renamed.ty != new.ty;
                    self.push(s, narrows);
                }
            }
        }
        if w.to.primary_key.is_some() && w.from.primary_key != w.to.primary_key {
            let s = self
                .ddl
                .alter_primary_key(t, None, w.to.primary_key.as_ref())
                .ok_or_else(|| unsupported(engine, format!("primary key of {}", w.name)))?;
            self.push(s, false);
        }
        if w.from.options != w.to.options || w.from.comment != w.to.comment {
            let s = self
                .ddl
                .alter_table_options(t, w.from, w.to)
                .ok_or_else(|| unsupported(engine, format!("options of {}", w.name)))?;
            self.push(s, false);
        }
        Ok(())
    }
}

/// Whether `index` can serve foreign key `fk`: its leading parts are the key's columns.
/// The entries of `a` that `b` lacks or holds differently, by name.
fn differing<'a, V: PartialEq>(
    a: &'a BTreeMap<String, V>,
    b: &'a BTreeMap<String, V>,
) -> impl Iterator<Item = (&'a String, &'a V)> {
    a.iter().filter(move |(name, v)| b.get(*name) != Some(*v))
}

fn serves(index: &Index, fk: &ForeignKey) -> bool {
    index.parts.len() >= fk.columns.len()
        && index
            .parts
            .iter()
            .zip(&fk.columns)
            .all(|(p, c)| p.column.as_deref() == Some(c.as_str()) && p.prefix_length.is_none())
}

/// Whether two indexes have the same definition, whatever the engine-derived flags (made for a
/// foreign key, generated name) say.
fn same_definition(a: &Index, b: &Index) -> bool {
    let plain = |i: &Index| Index {
        implicit: false,
        auto_named: false,
        ..i.clone()
    };
    plain(a) == plain(b)
}

/// Indexes into `seq` (distinct values) of one longest strictly increasing subsequence, as the
/// values it keeps; the earliest such run on ties, so the answer is deterministic.
fn longest_increasing(seq: &[usize]) -> BTreeSet<usize> {
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let mut out = BTreeSet::new();
    let best = len.iter().copied().max().unwrap_or(0);
    let mut at = (0..n).find(|&i| len[i] == best);
    while let Some(i) = at {
        out.insert(seq[i]);
        at = prev[i];
    }
    out
}

/// The group of triggers that fire together (table, timing, events).
fn trigger_group(t: &Trigger) -> (String, &str, &[String]) {
    (
        t.table.to_ascii_lowercase(),
        t.timing.as_str(),
        t.events.as_slice(),
    )
}

/// Where each trigger runs within its group, as the snapshot recorded it: MySQL keeps an
/// order (`FOLLOWS`/`PRECEDES`) that keel lists under `unsupported` as `trigger order`,
/// "runs as number N of …". Keyed `table.trigger`.
fn trigger_positions(snapshot: &Snapshot) -> BTreeMap<String, u32> {
    snapshot
        .unsupported
        .iter()
        .filter(|u| u.kind == "trigger order")
        .filter_map(|u| {
            let rest = u.reason.split_once("number ")?.1;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((u.object.clone(), digits.parse().ok()?))
        })
        .collect()
}

/// Puts the members of each ordered trigger group in their recorded order, in the slots the
/// group already occupies (everything else keeps its place).
fn order_trigger_groups(
    triggers: &mut [(&str, &str, &Trigger)],
    positions: &BTreeMap<String, u32>,
) {
    type Group<'t> = (&'t str, (String, &'t str, &'t [String]));
    let mut groups: BTreeMap<Group<'_>, Vec<usize>> = BTreeMap::new();
    for (i, (schema, key, t)) in triggers.iter().enumerate() {
        if positions.contains_key(*key) {
            groups
                .entry((*schema, trigger_group(t)))
                .or_default()
                .push(i);
        }
    }
    for slots in groups.values() {
        let mut members: Vec<_> = slots.iter().map(|&i| triggers[i]).collect();
        members.sort_by_key(|(_, key, _)| positions.get(*key).copied());
        for (&slot, member) in slots.iter().zip(members) {
            triggers[slot] = member;
        }
    }
}

/// Whether a column type (as inspected in `table_schema`) is the type `schema.name` or an
/// array of it.
fn uses_type(ty: &str, table_schema: &str, schema: &str, name: &str) -> bool {
    let base = ty.trim_end_matches("[]");
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let bare = base == name || base == quoted;
    if table_schema == schema {
        bare
    } else {
        base == format!("{schema}.{name}")
            || base == format!("{schema}.{quoted}")
            || base.ends_with(&format!(".{quoted}")) && base.starts_with(&format!("\"{schema}\""))
    }
}

/// The `(schema, table, column)` an `owned_by` of a sequence in `schema` names.
fn owner_parts<'a>(schema: &'a str, owned_by: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
    let (rest, column) = owned_by.rsplit_once('.')?;
    Some(match rest.split_once('.') {
        Some((s, t)) => (s, t, column),
        None => (schema, rest, column),
    })
}

fn owner_column<'a>(
    snapshot: &'a Snapshot,
    schema: &'a str,
    owned_by: &'a str,
) -> Option<(TableRef<'a>, &'a Column)> {
    let (s, t, c) = owner_parts(schema, owned_by)?;
    let column = snapshot.schemas.get(s)?.tables.get(t)?.column(c)?;
    Some((TableRef { schema: s, name: t }, column))
}

fn is_default(schema: &str) -> bool {
    schema == "main" || schema == "public"
}

fn references_touched(fk: &ForeignKey, dropped: &[(&str, &str, &Table)]) -> bool {
    dropped.iter().any(|(_, name, _)| *name == fk.ref_table)
}

/// Whether `text` mentions any of `names` as a whole word (case-insensitive).
fn mentions_any(text: &str, names: &BTreeSet<String>) -> bool {
    if names.is_empty() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    names.iter().any(|name| {
        let mut start = 0;
        while let Some(pos) = lower[start..].find(name.as_str()) {
            let at = start + pos;
            let before = lower[..at].chars().next_back();
            let after = lower[at + name.len()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                return true;
            }
            start = at + name.len();
        }
        false
    })
}

/// Views in creation order: a view that mentions another comes after it; ties by name.
fn view_order(views: &BTreeMap<String, View>) -> Vec<&str> {
    let names: Vec<&str> = views.keys().map(String::as_str).collect();
    let mut done: Vec<&str> = Vec::new();
    let mut left: Vec<&str> = names.clone();
    while !left.is_empty() {
        let ready: Vec<&str> = left
            .iter()
            .copied()
            .filter(|v| {
                left.iter().all(|other| {
                    other == v || {
                        let set: BTreeSet<String> = [other.to_ascii_lowercase()].into();
                        !mentions_any(&views[*v].definition, &set)
                    }
                })
            })
            .collect();
        // A cycle (impossible for valid views) would stall: take the rest by name.
        let take = if ready.is_empty() {
            left.clone()
        } else {
            ready
        };
        for v in &take {
            done.push(v);
        }
        left.retain(|v| !take.contains(v));
    }
    done
}

/// Created tables ordered so that referenced tables come first; cycles and self-references
/// fall back to name order (their foreign keys are added after every table exists).
fn parents_first<'a>(
    tables: &[(&'a str, &'a str, &'a Table)],
) -> Vec<(&'a str, &'a str, &'a Table)> {
    let mut left: Vec<(&str, &str, &Table)> = tables.to_vec();
    left.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = Vec::new();
    while !left.is_empty() {
        let pending: BTreeSet<&str> = left.iter().map(|t| t.1).collect();
        let ready: Vec<usize> = left
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.2.foreign_keys
                    .values()
                    .all(|fk| fk.ref_table == t.1 || !pending.contains(fk.ref_table.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        let pick = if ready.is_empty() { vec![0] } else { ready };
        for i in pick.iter().rev() {
            out.push(left.remove(*i));
        }
        let n = out.len();
        out[n - pick.len()..].sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_matched_whole() {
        let names: BTreeSet<String> = ["users".to_string()].into();
        assert!(mentions_any("SELECT * FROM users u", &names));
        assert!(mentions_any("select * from \"Users\"", &names));
        assert!(!mentions_any("SELECT * FROM users_archive", &names));
        assert!(!mentions_any("SELECT power_users FROM t", &names));
    }

    #[test]
    fn views_are_created_after_the_views_they_read() {
        let mut views = BTreeMap::new();
        views.insert(
            "a_top".to_string(),
            View {
                definition: "SELECT * FROM m_middle".into(),
                ..View::default()
            },
        );
        views.insert(
            "m_middle".to_string(),
            View {
                definition: "SELECT * FROM z_base".into(),
                ..View::default()
            },
        );
        views.insert(
            "z_base".to_string(),
            View {
                definition: "SELECT 1".into(),
                ..View::default()
            },
        );
        assert_eq!(view_order(&views), ["z_base", "m_middle", "a_top"]);
    }

    #[test]
    fn parents_come_before_children_and_cycles_do_not_stall() {
        let fk = |to: &str| ForeignKey {
            ref_table: to.into(),
            ..ForeignKey::default()
        };
        let mut child = Table::default();
        child.foreign_keys.insert("f".into(), fk("parent"));
        let parent = Table::default();
        let mut a = Table::default();
        a.foreign_keys.insert("f".into(), fk("b"));
        let mut b = Table::default();
        b.foreign_keys.insert("f".into(), fk("a"));
        let tables = vec![
            ("main", "a", &a),
            ("main", "b", &b),
            ("main", "child", &child),
            ("main", "parent", &parent),
        ];
        let order: Vec<&str> = parents_first(&tables).iter().map(|t| t.1).collect();
        let pos = |n: &str| order.iter().position(|x| *x == n).unwrap();
        assert!(pos("parent") < pos("child"), "{order:?}");
        assert_eq!(order.len(), 4);
    }
}
