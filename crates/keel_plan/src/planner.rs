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
        options,
    };
    p.run(from, to)?;
    Ok(Plan { steps: p.steps })
}

struct Planner<'a> {
    ddl: &'a dyn Ddl,
    steps: Vec<Step>,
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
            w.rebuild = self.needs_rebuild(w);
        }

        // Tables whose shape changes: views and triggers that mention them are detached first
        // and recreated afterwards, because engines refuse (or silently break) otherwise.
        let mut touched: BTreeSet<String> = BTreeSet::new();
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
                let s = self.need(self.ddl.create_schema(schema), || {
                    format!("schema {schema}")
                })?;
                self.push(s, false);
            }
            for e in b.extensions.iter().filter(|e| !a.extensions.contains(e)) {
                let s = self.need(self.ddl.create_extension(e), || format!("extension {e}"))?;
                self.push(s, false);
            }
            for (name, e) in &b.enums {
                match a.enums.get(name) {
                    None => {
                        let s = self.need(self.ddl.create_enum(schema, name, e), || {
                            format!("enum {name}")
                        })?;
                        self.push(s, false);
                    }
                    Some(old) if old != e => {
                        let s = self.need(self.ddl.alter_enum(schema, name, old, e), || {
                            format!("enum {name} (labels removed or reordered)")
                        })?;
                        self.push(s, false);
                    }
                    Some(_) => {}
                }
            }
            for (name, d) in &b.domains {
                if !a.domains.contains_key(name) {
                    let s = self.need(self.ddl.create_domain(schema, name, d), || {
                        format!("domain {name}")
                    })?;
                    self.push(s, false);
                }
            }
            for (name, seq) in &b.sequences {
                if seq.owned_by.is_some() {
                    continue;
                }
                match a.sequences.get(name) {
                    None => {
                        let s = self.need(self.ddl.create_sequence(schema, name, seq), || {
                            format!("sequence {name}")
                        })?;
                        self.push(s, false);
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
        for (schema, a, b) in &sides {
            for (key, trigger) in &a.triggers {
                let depends = touched.contains(&trigger.table.to_ascii_lowercase())
                    || mentions_any(&trigger.definition, &touched);
                let table_gone = dropped
                    .iter()
                    .any(|(s, n, _)| s == schema && *n == trigger.table);
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
                if b.routines.get(key) != Some(routine) {
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
                if w.to.foreign_keys.get(name) != Some(fk) || references_touched(fk, &dropped) {
                    let s = self.need(self.ddl.drop_foreign_key(t, name, fk), || {
                        format!("foreign key {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
            for (name, check) in &w.from.checks {
                if w.to.checks.get(name) != Some(check) {
                    let s = self.need(self.ddl.drop_check(t, name, check), || {
                        format!("check {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
            for (name, index) in &w.from.indexes {
                if w.to.indexes.get(name) != Some(index) && !index.implicit {
                    let s = self.need(self.ddl.drop_index(t, name, index), || {
                        format!("index {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
        }
        if !self.ddl.inline_foreign_keys() {
            // Foreign keys of dropped tables go first, so that tables referencing each other
            // can be dropped in any order.
            for (schema, name, table) in &dropped {
                for (fk_name, fk) in &table.foreign_keys {
                    let s = self.need(
                        self.ddl
                            .drop_foreign_key(TableRef { schema, name }, fk_name, fk),
                        || format!("foreign key {fk_name} on {name}"),
                    )?;
                    self.push(s, false);
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

        // 5. Attach: indexes, checks, then every foreign key last.
        for (schema, name, table) in parents_first(&created) {
            let t = TableRef { schema, name };
            for (index_name, index) in &table.indexes {
                if index.kind == keel_model::IndexKind::UniqueConstraint || index.implicit {
                    continue;
                }
                let s = self.need(self.ddl.create_index(t, index_name, index), || {
                    format!("index {index_name} on {name}")
                })?;
                self.push(s, false);
            }
        }
        for w in work.iter().filter(|w| !w.rebuild) {
            let t = TableRef {
                schema: w.schema,
                name: w.name,
            };
            for (name, index) in &w.to.indexes {
                if w.from.indexes.get(name) != Some(index) && !index.implicit {
                    let s = self.need(self.ddl.create_index(t, name, index), || {
                        format!("index {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
            for (name, check) in &w.to.checks {
                if w.from.checks.get(name) != Some(check) {
                    let s = self.need(self.ddl.add_check(t, name, check), || {
                        format!("check {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
        }
        if !inline {
            for (schema, name, table) in parents_first(&created) {
                for (fk_name, fk) in &table.foreign_keys {
                    let s = self.need(
                        self.ddl
                            .add_foreign_key(TableRef { schema, name }, fk_name, fk),
                        || format!("foreign key {fk_name} on {name}"),
                    )?;
                    self.push(s, false);
                }
            }
        }
        for w in work.iter().filter(|w| !w.rebuild) {
            let t = TableRef {
                schema: w.schema,
                name: w.name,
            };
            for (name, fk) in &w.to.foreign_keys {
                if w.from.foreign_keys.get(name) != Some(fk) || references_touched(fk, &dropped) {
                    let s = self.need(self.ddl.add_foreign_key(t, name, fk), || {
                        format!("foreign key {name} on {}", w.name)
                    })?;
                    self.push(s, false);
                }
            }
        }

        // 6. Recreate routines, views (dependencies first) and triggers.
        for (schema, a, b) in &sides {
            for (key, routine) in &b.routines {
                if a.routines.get(key) != Some(routine) {
                    let s = self.ddl.create_routine(schema, key, routine);
                    self.push(s, false);
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
        for (schema, key, trigger) in triggers_to_recreate {
            let s = self.ddl.create_trigger(schema, key, trigger);
            self.push(s, false);
        }

        // 7. Clean up what nothing uses any more.
        for (schema, a, b) in &sides {
            for (name, seq) in &a.sequences {
                if seq.owned_by.is_none() && !b.sequences.contains_key(name) {
                    let s = self.need(self.ddl.drop_sequence(schema, name), || {
                        format!("sequence {name}")
                    })?;
                    self.push(s, false);
                }
            }
            for name in a.domains.keys().filter(|n| !b.domains.contains_key(*n)) {
                let s = self.need(self.ddl.drop_domain(schema, name), || {
                    format!("domain {name}")
                })?;
                self.push(s, false);
            }
            for name in a.enums.keys().filter(|n| !b.enums.contains_key(*n)) {
                let s = self.need(self.ddl.drop_enum(schema, name), || format!("enum {name}"))?;
                self.push(s, false);
            }
            for e in a.extensions.iter().filter(|e| !b.extensions.contains(e)) {
                let s = self.need(self.ddl.drop_extension(e), || format!("extension {e}"))?;
                self.push(s, false);
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
        let keyed_change = |ok: bool| !ok;
        for (name, fk) in &w.from.foreign_keys {
            if w.to.foreign_keys.get(name) != Some(fk)
                && keyed_change(self.ddl.drop_foreign_key(t, name, fk).is_some())
            {
                return true;
            }
        }
        for (name, fk) in &w.to.foreign_keys {
            if w.from.foreign_keys.get(name) != Some(fk)
                && keyed_change(self.ddl.add_foreign_key(t, name, fk).is_some())
            {
                return true;
            }
        }
        for (name, c) in &w.from.checks {
            if w.to.checks.get(name) != Some(c) && self.ddl.drop_check(t, name, c).is_none() {
                return true;
            }
        }
        for (name, c) in &w.to.checks {
            if w.from.checks.get(name) != Some(c) && self.ddl.add_check(t, name, c).is_none() {
                return true;
            }
        }
        for (name, i) in &w.from.indexes {
            if w.to.indexes.get(name) != Some(i)
                && !i.implicit
                && self.ddl.drop_index(t, name, i).is_none()
            {
                return true;
            }
        }
        for (name, i) in &w.to.indexes {
            if w.from.indexes.get(name) != Some(i)
                && !i.implicit
                && self.ddl.create_index(t, name, i).is_none()
            {
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
                if &renamed != new {
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
