//! Turns [`Op`]s into the SQL Laravel 8's schema grammars would send, per driver.
//!
//! The compiler keeps a model of the schema the migrations have built so far, because some of
//! Laravel's output depends on it: `hasTable`/`hasColumn` guards, and on SQLite the table
//! rebuild that Doctrine DBAL performs for `dropColumn`, `renameColumn` and `renameIndex`.
//! That rebuild is reproduced as Doctrine writes it (its column types, column order and the
//! implicit index it adds for an unindexed foreign key), so the replayed schema matches what
//! Laravel really leaves behind.

use std::collections::BTreeMap;
use std::path::Path;

use keel_sql::Dialect;

use crate::ir::{Blueprint, Column, Command, Cond, Foreign, IndexKind, Lit, Located, Op};
use crate::LaravelError;

/// One statement of the compiled script, with the PHP line it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The SQL, without a trailing `;`.
    pub sql: String,
    /// 1-based line of the migration file.
    pub line: usize,
}

/// Connection settings that change the SQL Laravel writes (config/database.php).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionConfig {
    /// MySQL `charset` (Laravel's default: `utf8mb4`).
    pub charset: Option<String>,
    /// MySQL `collation` (Laravel's default: `utf8mb4_unicode_ci`).
    pub collation: Option<String>,
    /// MySQL `engine` (Laravel's default: none).
    pub engine: Option<String>,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        Self {
            charset: Some("utf8mb4".into()),
            collation: Some("utf8mb4_unicode_ci".into()),
            engine: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct IndexState {
    name: String,
    columns: Vec<String>,
    unique: bool,
}

#[derive(Debug, Clone, Default)]
struct TableState {
    columns: Vec<Column>,
    /// Primary-key columns declared with `primary()` (auto-increment keys are on the column).
    primary: Vec<String>,
    indexes: Vec<IndexState>,
    foreign: Vec<Foreign>,
    /// SQLite: columns whose declared type Doctrine wrote from a `->change()` (lower-case
    /// name → type), which later rebuilds read back as written.
    doctrine_types: BTreeMap<String, String>,
}

impl TableState {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    fn primary_columns(&self) -> Vec<String> {
        let auto: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.auto_increment && is_integer(&c.ty))
            .map(|c| c.name.clone())
            .collect();
        if auto.is_empty() {
            self.primary.clone()
        } else {
            auto
        }
    }
}

/// The schema built so far, and the SQL that builds it.
#[derive(Debug, Clone)]
pub struct Compiler {
    dialect: Dialect,
    config: ConnectionConfig,
    tables: BTreeMap<String, TableState>,
}

fn is_integer(ty: &str) -> bool {
    matches!(
        ty,
        "integer" | "tinyInteger" | "smallInteger" | "mediumInteger" | "bigInteger"
    )
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Compiler {
    /// A compiler for `dialect`, starting from an empty database.
    pub fn new(dialect: Dialect, config: ConnectionConfig) -> Self {
        Self {
            dialect,
            config,
            tables: BTreeMap::new(),
        }
    }

    /// Whether the modelled schema has `table`.
    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains_key(&key(table))
    }

    /// Compiles `steps` of `file`, updating the model.
    pub fn compile(
        &mut self,
        file: &Path,
        steps: &[Located<Op>],
    ) -> Result<Vec<Statement>, LaravelError> {
        let mut out = Vec::new();
        for step in steps {
            self.op(file, &step.item, step.line, &mut out)?;
        }
        Ok(out)
    }

    fn q(&self, name: &str) -> String {
        match self.dialect {
            Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn qs(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.q(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn op(
        &mut self,
        file: &Path,
        op: &Op,
        line: usize,
        out: &mut Vec<Statement>,
    ) -> Result<(), LaravelError> {
        let mut emit = |sql: String| out.push(Statement { sql, line });
        match op {
            Op::Create(bp) | Op::Table(bp) => return self.blueprint(file, bp, line, out),
            Op::Drop(table) => {
                emit(format!("drop table {}", self.q(table)));
                self.tables.remove(&key(table));
            }
            Op::DropIfExists(table) => {
                emit(format!("drop table if exists {}", self.q(table)));
                self.tables.remove(&key(table));
            }
            Op::Rename { from, to } => {
                emit(self.rename_sql(from, to));
                self.rename_table(from, to);
            }
            Op::ForeignKeyChecks(on) => emit(match (self.dialect, on) {
                (Dialect::Sqlite, true) => "PRAGMA foreign_keys = ON".into(),
                (Dialect::Sqlite, false) => "PRAGMA foreign_keys = OFF".into(),
                (Dialect::Mysql, true) => "SET FOREIGN_KEY_CHECKS=1".into(),
                (Dialect::Mysql, false) => "SET FOREIGN_KEY_CHECKS=0".into(),
                (_, true) => "SET CONSTRAINTS ALL IMMEDIATE".into(),
                (_, false) => "SET CONSTRAINTS ALL DEFERRED".into(),
            }),
            Op::Statement(sql) => {
                let sql = sql.trim().trim_end_matches(';').trim_end();
                if !sql.is_empty() {
                    emit(sql.to_string());
                    self.track_raw_index(sql);
                }
            }
            Op::Data { .. } => {}
            Op::If {
                cond,
                then,
                otherwise,
            } => {
                let branch = if self.eval(cond) { then } else { otherwise };
                for step in branch {
                    self.op(file, &step.item, step.line, out)?;
                }
            }
        }
        Ok(())
    }

    /// Indexes made or dropped with raw SQL are part of the schema a later SQLite rebuild
    /// reads back, so the model follows the simple forms:
    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (columns)` and
    /// `DROP INDEX [IF EXISTS] name`.
    fn track_raw_index(&mut self, sql: &str) {
        let words: Vec<String> = sql
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches(['"', '`', '[', ']']).to_string())
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let lw: Vec<&str> = lower.iter().map(String::as_str).collect();
        match lw.as_slice() {
            ["create", rest @ ..] => {
                let (unique, rest) = match rest {
                    ["unique", rest @ ..] => (true, rest),
                    _ => (false, rest),
                };
                let rest = match rest {
                    ["index", "if", "not", "exists", rest @ ..] | ["index", rest @ ..] => rest,
                    _ => return,
                };
                let [_, "on", _, columns @ ..] = rest else {
                    return;
                };
                let at = words.len() - rest.len();
                let name = words[at].clone();
                let table = words[at + 2].clone();
                let columns: Vec<String> = words[at + 3..at + 3 + columns.len()].to_vec();
                if let Some(state) = self.tables.get_mut(&key(&table)) {
                    if columns.iter().all(|c| state.column(c).is_some()) {
                        state.indexes.push(IndexState {
                            name,
                            columns,
                            unique,
                        });
                    }
                }
            }
            ["drop", "index", rest @ ..] => {
                let name = match rest {
                    ["if", "exists", _, ..] => &words[4],
                    [_, ..] => &words[2],
                    [] => return,
                };
                for state in self.tables.values_mut() {
                    state.indexes.retain(|i| !i.name.eq_ignore_ascii_case(name));
                }
            }
            _ => {}
        }
    }

    fn eval(&self, cond: &Cond) -> bool {
        match cond {
            Cond::HasTable(t) => self.has_table(t),
            Cond::HasColumns(t, cols) => self
                .tables
                .get(&key(t))
                .is_some_and(|s| cols.iter().all(|c| s.column(c).is_some())),
            Cond::Not(c) => !self.eval(c),
            Cond::And(a, b) => self.eval(a) && self.eval(b),
            Cond::Or(a, b) => self.eval(a) || self.eval(b),
            Cond::Lit(b) => *b,
        }
    }

    fn rename_sql(&self, from: &str, to: &str) -> String {
        match self.dialect {
            Dialect::Mysql => format!("rename table {} to {}", self.q(from), self.q(to)),
            _ => format!("alter table {} rename to {}", self.q(from), self.q(to)),
        }
    }

    fn rename_table(&mut self, from: &str, to: &str) {
        if let Some(state) = self.tables.remove(&key(from)) {
            self.tables.insert(key(to), state);
        }
        // Every engine points foreign keys at the table's new name.
        for state in self.tables.values_mut() {
            for fk in &mut state.foreign {
                if fk.on.eq_ignore_ascii_case(from) {
                    fk.on = to.to_string();
                }
            }
        }
    }

    /// Laravel's `Blueprint::toSql`: create/add/change first, then the commands in call
    /// order, then the indexes declared on columns, then (PostgreSQL) column comments.
    fn blueprint(
        &mut self,
        file: &Path,
        bp: &Blueprint,
        line: usize,
        out: &mut Vec<Statement>,
    ) -> Result<(), LaravelError> {
        let table = bp.table.as_str();
        let would_fail = |line: usize, message: String| LaravelError::WouldFail {
            path: file.to_path_buf(),
            line,
            message,
        };
        let added: Vec<&Column> = bp.columns.iter().filter(|c| !c.change).collect();
        let changed: Vec<&Column> = bp.columns.iter().filter(|c| c.change).collect();
        if !bp.creating && !self.has_table(table) {
            return Err(would_fail(
                line,
                format!("Schema::table('{table}') changes a table that the migrations before it never create"),
            ));
        }
        if bp.creating && self.has_table(table) {
            return Err(would_fail(
                line,
                format!(
                    "Schema::create('{table}') creates a table that already exists at this point"
                ),
            ));
        }
        for col in &changed {
            if doctrine_type(&col.ty).is_none() {
                return Err(would_fail(
                    col.line,
                    format!(
                        "->change() on {table}.{}: Laravel 8 changes columns through Doctrine DBAL, which has no `{}` type and fails here",
                        col.name, col.ty
                    ),
                ));
            }
            let exists = self
                .tables
                .get(&key(table))
                .and_then(|s| s.column(&col.name))
                .is_some();
            if !exists {
                return Err(would_fail(
                    col.line,
                    format!(
                        "->change() on {table}.{}: there is no such column at this point",
                        col.name
                    ),
                ));
            }
        }
        if self.dialect == Dialect::Sqlite {
            let rebuilds = bp
                .commands
                .iter()
                .filter(|c| {
                    matches!(
                        c.item,
                        Command::DropColumn(_) | Command::RenameColumn { .. }
                    )
                })
                .count();
            if rebuilds > 1 {
                let at = bp
                    .commands
                    .iter()
                    .filter(|c| {
                        matches!(
                            c.item,
                            Command::DropColumn(_) | Command::RenameColumn { .. }
                        )
                    })
                    .nth(1)
                    .map_or(line, |c| c.line);
                return Err(would_fail(
                    at,
                    "Laravel 8 refuses more than one dropColumn/renameColumn in one Schema::table on SQLite; split them into separate Schema::table calls".into(),
                ));
            }
        }

        // The commands, in the order Laravel compiles them.
        let mut commands: Vec<Located<Command>> = bp.commands.clone();
        for col in &bp.columns {
            for (kind, value) in [
                (IndexKind::Primary, &col.primary),
                (IndexKind::Unique, &col.unique),
                (IndexKind::Index, &col.index),
            ] {
                if let Some(name) = value {
                    let name = name.clone().unwrap_or_else(|| {
                        crate::php::index_name(
                            table,
                            std::slice::from_ref(&col.name),
                            kind.suffix(),
                        )
                    });
                    commands.push(Located {
                        item: Command::Index {
                            kind,
                            name,
                            columns: vec![col.name.clone()],
                            algorithm: None,
                        },
                        line: col.line,
                    });
                }
            }
        }

        if bp.creating {
            self.create(bp, &added, &commands, line, out);
        } else {
            if !changed.is_empty() {
                self.change(table, &changed, line, out);
            }
            if !added.is_empty() {
                self.add(bp, &added, line, out);
            }
        }
        for cmd in &commands {
            self.command(file, bp, &cmd.item, cmd.line, out)?;
        }
        if self.dialect == Dialect::Postgres {
            for col in &bp.columns {
                if let Some(comment) = &col.comment {
                    out.push(Statement {
                        sql: format!(
                            "comment on column {}.{} is '{}'",
                            self.q(table),
                            self.q(&col.name),
                            comment.replace('\'', "''")
                        ),
                        line: col.line,
                    });
                }
            }
        }
        Ok(())
    }

    fn create(
        &mut self,
        bp: &Blueprint,
        added: &[&Column],
        commands: &[Located<Command>],
        line: usize,
        out: &mut Vec<Statement>,
    ) {
        let table = &bp.table;
        let columns: Vec<String> = added.iter().map(|c| self.column_sql(c)).collect();
        let mut sql = format!(
            "{} {} ({}",
            if bp.temporary {
                "create temporary table"
            } else {
                "create table"
            },
            self.q(table),
            columns.join(", ")
        );
        if self.dialect == Dialect::Sqlite {
            // SQLite takes foreign keys and a composite primary key in the create statement only.
            for cmd in commands {
                if let Command::Foreign(fk) = &cmd.item {
                    sql.push_str(&format!(
                        ", foreign key({}) references {}({})",
                        self.qs(&fk.columns),
                        self.q(&fk.on),
                        self.qs(&fk.references)
                    ));
                    if let Some(action) = &fk.on_delete {
                        sql.push_str(&format!(" on delete {action}"));
                    }
                    if let Some(action) = &fk.on_update {
                        sql.push_str(&format!(" on update {action}"));
                    }
                }
            }
            let primary = commands.iter().find_map(|c| match &c.item {
                Command::Index {
                    kind: IndexKind::Primary,
                    columns,
                    ..
                } => Some(columns.clone()),
                _ => None,
            });
            if let Some(primary) = primary {
                sql.push_str(&format!(", primary key ({})", self.qs(&primary)));
            }
        }
        sql.push(')');
        if self.dialect == Dialect::Mysql {
            if let Some(charset) = bp.charset.as_ref().or(self.config.charset.as_ref()) {
                sql.push_str(&format!(" default character set {charset}"));
            }
            if let Some(collation) = bp.collation.as_ref().or(self.config.collation.as_ref()) {
                sql.push_str(&format!(" collate '{collation}'"));
            }
            if let Some(engine) = bp.engine.as_ref().or(self.config.engine.as_ref()) {
                sql.push_str(&format!(" engine = {engine}"));
            }
        }
        out.push(Statement { sql, line });
        let state = TableState {
            columns: added.iter().map(|c| (*c).clone()).collect(),
            ..TableState::default()
        };
        self.tables.insert(key(table), state);
        if self.dialect == Dialect::Sqlite {
            // Recorded here because on SQLite the commands compile to nothing afterwards.
            let state = self.tables.get_mut(&key(table)).expect("just inserted");
            for cmd in commands {
                match &cmd.item {
                    Command::Foreign(fk) => state.foreign.push(fk.clone()),
                    Command::Index {
                        kind: IndexKind::Primary,
                        columns,
                        ..
                    } if state.primary.is_empty() => state.primary = columns.clone(),
                    _ => {}
                }
            }
        }
    }

    /// `->change()`: Doctrine DBAL compares the column with its new definition and alters
    /// what differs; on SQLite that is a table rebuild.
    fn change(&mut self, table: &str, changed: &[&Column], line: usize, out: &mut Vec<Statement>) {
        if self.dialect == Dialect::Sqlite {
            // Cannot fail: the table exists (checked by the caller).
            let _ = self.sqlite_rebuild(table, Rebuild::Change(changed), line, out);
            return;
        }
        let t = self.q(table);
        for fluent in changed {
            let Some(ty) = doctrine_type(&fluent.ty) else {
                continue;
            };
            let Some(state) = self.tables.get_mut(&key(table)) else {
                return;
            };
            merge_change(state, fluent);
            let merged = state
                .column(&fluent.name)
                .cloned()
                .unwrap_or_else(|| (*fluent).clone());
            let c = self.q(&fluent.name);
            let mut sql = Vec::new();
            match self.dialect {
                Dialect::Postgres => {
                    sql.push(format!(
                        "ALTER TABLE {t} ALTER {c} TYPE {}",
                        ty.postgres(&merged)
                    ));
                    if fluent.nullable_set {
                        sql.push(format!(
                            "ALTER TABLE {t} ALTER {c} {} NOT NULL",
                            if merged.nullable { "DROP" } else { "SET" }
                        ));
                    }
                    if let Some(d) = &fluent.default {
                        sql.push(format!(
                            "ALTER TABLE {t} ALTER {c} SET DEFAULT {}",
                            default_sql(d)
                        ));
                    }
                    if let Some(comment) = &fluent.comment {
                        sql.push(format!(
                            "COMMENT ON COLUMN {t}.{c} IS '{}'",
                            comment.replace('\'', "''")
                        ));
                    }
                }
                _ => {
                    let mut def = format!("{c} {}", ty.mysql(&merged));
                    if merged.nullable {
                        if merged.default.is_none() {
                            def.push_str(" DEFAULT NULL");
                        }
                    } else {
                        def.push_str(" NOT NULL");
                    }
                    if let Some(d) = merged.default.as_ref().filter(|d| !matches!(d, Lit::Null)) {
                        def.push_str(&format!(" DEFAULT {}", default_sql(d)));
                    }
                    if let Some(comment) = &merged.comment {
                        def.push_str(&format!(" COMMENT '{}'", add_slashes(comment)));
                    }
                    sql.push(format!("ALTER TABLE {t} CHANGE {c} {def}"));
                }
            }
            out.extend(sql.into_iter().map(|sql| Statement { sql, line }));
        }
    }

    fn add(&mut self, bp: &Blueprint, added: &[&Column], line: usize, out: &mut Vec<Statement>) {
        let table = &bp.table;
        match self.dialect {
            Dialect::Sqlite => {
                for col in added {
                    if col.stored_as.is_some() {
                        continue;
                    }
                    out.push(Statement {
                        sql: format!(
                            "alter table {} add column {}",
                            self.q(table),
                            self.column_sql(col)
                        ),
                        line: col.line,
                    });
                }
            }
            Dialect::Postgres => {
                let parts: Vec<String> = added
                    .iter()
                    .map(|c| format!("add column {}", self.column_sql(c)))
                    .collect();
                out.push(Statement {
                    sql: format!("alter table {} {}", self.q(table), parts.join(", ")),
                    line,
                });
            }
            Dialect::Mysql => {
                let parts: Vec<String> = added
                    .iter()
                    .map(|c| format!("add {}", self.column_sql(c)))
                    .collect();
                out.push(Statement {
                    sql: format!("alter table {} {}", self.q(table), parts.join(", ")),
                    line,
                });
            }
        }
        let state = self.tables.entry(key(table)).or_default();
        for col in added {
            let col = (*col).clone();
            match (&col.after, col.first, self.dialect) {
                (_, true, Dialect::Mysql) => state.columns.insert(0, col),
                (Some(after), _, Dialect::Mysql) => {
                    let at = state
                        .columns
                        .iter()
                        .position(|c| c.name.eq_ignore_ascii_case(after))
                        .map_or(state.columns.len(), |i| i + 1);
                    state.columns.insert(at, col);
                }
                _ => state.columns.push(col),
            }
        }
    }

    fn command(
        &mut self,
        file: &Path,
        bp: &Blueprint,
        cmd: &Command,
        line: usize,
        out: &mut Vec<Statement>,
    ) -> Result<(), LaravelError> {
        let table = bp.table.as_str();
        let t = self.q(table);
        let d = self.dialect;
        let mut sql: Vec<String> = Vec::new();
        match cmd {
            Command::Index {
                kind,
                name,
                columns,
                algorithm,
            } => {
                let cols = self.qs(columns);
                match (d, kind) {
                    (Dialect::Sqlite, IndexKind::Primary) => {}
                    (Dialect::Sqlite, IndexKind::Unique) => sql.push(format!(
                        "create unique index {} on {t} ({cols})",
                        self.q(name)
                    )),
                    (Dialect::Sqlite, IndexKind::Index) => {
                        sql.push(format!("create index {} on {t} ({cols})", self.q(name)))
                    }
                    (Dialect::Postgres, IndexKind::Primary) => {
                        sql.push(format!("alter table {t} add primary key ({cols})"))
                    }
                    (Dialect::Postgres, IndexKind::Unique) => sql.push(format!(
                        "alter table {t} add constraint {} unique ({cols})",
                        self.q(name)
                    )),
                    (Dialect::Postgres, IndexKind::Index) => sql.push(format!(
                        "create index {} on {t}{} ({cols})",
                        self.q(name),
                        algorithm
                            .as_ref()
                            .map(|a| format!(" using {a}"))
                            .unwrap_or_default()
                    )),
                    (Dialect::Mysql, kind) => sql.push(format!(
                        "alter table {t} add {} {}{}({cols})",
                        match kind {
                            IndexKind::Primary => "primary key",
                            IndexKind::Unique => "unique",
                            IndexKind::Index => "index",
                        },
                        self.q(name),
                        algorithm
                            .as_ref()
                            .map(|a| format!(" using {a}"))
                            .unwrap_or_default()
                    )),
                }
                let on_sqlite_create_only = d == Dialect::Sqlite && *kind == IndexKind::Primary;
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    match kind {
                        IndexKind::Primary if !on_sqlite_create_only => {
                            state.primary = columns.clone()
                        }
                        IndexKind::Primary => {}
                        _ => state.indexes.push(IndexState {
                            name: name.clone(),
                            columns: columns.clone(),
                            unique: *kind == IndexKind::Unique,
                        }),
                    }
                }
            }
            Command::Foreign(fk) => {
                if d == Dialect::Sqlite {
                    // In a create statement already; in Schema::table Laravel 8 silently adds
                    // nothing, and neither does keel.
                    return Ok(());
                }
                let mut s = format!(
                    "alter table {t} add constraint {} foreign key ({}) references {} ({})",
                    self.q(&fk.name),
                    self.qs(&fk.columns),
                    self.q(&fk.on),
                    self.qs(&fk.references)
                );
                if let Some(a) = &fk.on_delete {
                    s.push_str(&format!(" on delete {a}"));
                }
                if let Some(a) = &fk.on_update {
                    s.push_str(&format!(" on update {a}"));
                }
                sql.push(s);
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    state.foreign.push(fk.clone());
                }
            }
            Command::DropColumn(columns) => {
                match d {
                    Dialect::Sqlite => {
                        return self.sqlite_rebuild(table, Rebuild::Drop(columns), line, out)
                    }
                    Dialect::Postgres => {
                        let parts: Vec<String> = columns
                            .iter()
                            .map(|c| format!("drop column {}", self.q(c)))
                            .collect();
                        sql.push(format!("alter table {t} {}", parts.join(", ")));
                    }
                    Dialect::Mysql => {
                        let parts: Vec<String> = columns
                            .iter()
                            .map(|c| format!("drop {}", self.q(c)))
                            .collect();
                        sql.push(format!("alter table {t} {}", parts.join(", ")));
                    }
                }
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    drop_columns(state, columns);
                }
            }
            Command::RenameColumn { from, to } => {
                if d == Dialect::Sqlite {
                    return self.sqlite_rebuild(table, Rebuild::Rename(from, to), line, out);
                }
                let exists = self
                    .tables
                    .get(&key(table))
                    .and_then(|s| s.column(from))
                    .is_some();
                if !exists {
                    return Err(LaravelError::WouldFail {
                        path: file.to_path_buf(),
                        line,
                        message: format!(
                            "renameColumn('{from}', '{to}'): {table} has no column {from} at this point"
                        ),
                    });
                }
                if d == Dialect::Mysql {
                    // Doctrine DBAL renames with CHANGE and writes the column anew from what it
                    // read, in its own types (a timestamp comes back a DATETIME).
                    let column = self
                        .tables
                        .get(&key(table))
                        .and_then(|s| s.column(from))
                        .cloned()
                        .unwrap_or_default();
                    sql.push(format!(
                        "ALTER TABLE {t} CHANGE {} {}",
                        self.q(from),
                        self.mysql_doctrine_column(&column, to)
                    ));
                    if let Some(state) = self.tables.get_mut(&key(table)) {
                        if let Some(c) = state
                            .columns
                            .iter_mut()
                            .find(|c| c.name.eq_ignore_ascii_case(from))
                        {
                            mysql_doctrine_readback(c);
                        }
                    }
                } else {
                    sql.push(format!(
                        "alter table {t} rename column {} to {}",
                        self.q(from),
                        self.q(to)
                    ));
                }
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    rename_column(state, from, to);
                }
                let (table_name, from_name, to_name) =
                    (table.to_string(), from.clone(), to.clone());
                for state in self.tables.values_mut() {
                    for fk in &mut state.foreign {
                        if fk.on.eq_ignore_ascii_case(&table_name) {
                            for r in &mut fk.references {
                                if r.eq_ignore_ascii_case(&from_name) {
                                    *r = to_name.clone();
                                }
                            }
                        }
                    }
                }
            }
            Command::DropPrimary(_) => {
                match d {
                    Dialect::Sqlite => {}
                    Dialect::Postgres => sql.push(format!(
                        "alter table {t} drop constraint {}",
                        self.q(&format!("{table}_pkey"))
                    )),
                    Dialect::Mysql => sql.push(format!("alter table {t} drop primary key")),
                }
                if d != Dialect::Sqlite {
                    if let Some(state) = self.tables.get_mut(&key(table)) {
                        state.primary.clear();
                        for c in &mut state.columns {
                            c.auto_increment = false;
                        }
                    }
                }
            }
            Command::DropUnique(name) | Command::DropIndex(name) => {
                let unique = matches!(cmd, Command::DropUnique(_));
                sql.push(match (d, unique) {
                    (Dialect::Sqlite, _) => format!("drop index {}", self.q(name)),
                    (Dialect::Postgres, true) => {
                        format!("alter table {t} drop constraint {}", self.q(name))
                    }
                    (Dialect::Postgres, false) => format!("drop index {}", self.q(name)),
                    (Dialect::Mysql, _) => format!("alter table {t} drop index {}", self.q(name)),
                });
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    state.indexes.retain(|i| !i.name.eq_ignore_ascii_case(name));
                }
            }
            Command::DropForeign(name) => {
                match d {
                    Dialect::Sqlite => {
                        return Err(LaravelError::WouldFail {
                            path: file.to_path_buf(),
                            line,
                            message: format!(
                                "dropForeign('{name}'): Laravel 8 cannot drop a foreign key on SQLite (\"you would need to re-create the table\"); recreate {table} without it"
                            ),
                        })
                    }
                    Dialect::Postgres => sql.push(format!(
                        "alter table {t} drop constraint {}",
                        self.q(name)
                    )),
                    Dialect::Mysql => {
                        sql.push(format!("alter table {t} drop foreign key {}", self.q(name)))
                    }
                }
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    state.foreign.retain(|f| !f.name.eq_ignore_ascii_case(name));
                }
            }
            Command::RenameIndex { from, to } => {
                match d {
                    Dialect::Sqlite => {
                        let index = self.tables.get(&key(table)).and_then(|s| {
                            s.indexes
                                .iter()
                                .find(|i| i.name.eq_ignore_ascii_case(from))
                                .cloned()
                        });
                        let Some(index) = index else {
                            return Err(LaravelError::WouldFail {
                                path: file.to_path_buf(),
                                line,
                                message: format!(
                                    "renameIndex: Index [{from}] does not exist on {table}"
                                ),
                            });
                        };
                        sql.push(format!("DROP INDEX {}", self.q(from)));
                        sql.push(format!(
                            "CREATE {}INDEX {} ON {t} ({})",
                            if index.unique { "UNIQUE " } else { "" },
                            self.q(to),
                            self.qs(&index.columns)
                        ));
                    }
                    Dialect::Postgres => sql.push(format!(
                        "alter index {} rename to {}",
                        self.q(from),
                        self.q(to)
                    )),
                    Dialect::Mysql => sql.push(format!(
                        "alter table {t} rename index {} to {}",
                        self.q(from),
                        self.q(to)
                    )),
                }
                if let Some(state) = self.tables.get_mut(&key(table)) {
                    for i in &mut state.indexes {
                        if i.name.eq_ignore_ascii_case(from) {
                            i.name = to.clone();
                        }
                    }
                }
            }
            Command::Drop => {
                sql.push(format!("drop table {t}"));
                self.tables.remove(&key(table));
            }
            Command::DropIfExists => {
                sql.push(format!("drop table if exists {t}"));
                self.tables.remove(&key(table));
            }
            Command::Rename(to) => {
                sql.push(self.rename_sql(table, to));
                self.rename_table(table, to);
            }
        }
        out.extend(sql.into_iter().map(|sql| Statement { sql, line }));
        Ok(())
    }

    /// A MySQL column as Doctrine DBAL writes it after reading it back (renameColumn).
    fn mysql_doctrine_column(&self, c: &Column, name: &str) -> String {
        let mut read = c.clone();
        mysql_doctrine_readback(&mut read);
        let unsigned = if read.unsigned { " UNSIGNED" } else { "" };
        let ty = match read.ty.as_str() {
            "char" => format!("CHAR({})", read.length.unwrap_or(255)),
            "string" => format!("VARCHAR({})", read.length.unwrap_or(255)),
            "tinyText" => "TINYTEXT".into(),
            "text" => "TEXT".into(),
            "mediumText" => "MEDIUMTEXT".into(),
            "longText" => "LONGTEXT".into(),
            "integer" => format!("INT{unsigned}"),
            "smallInteger" => format!("SMALLINT{unsigned}"),
            "bigInteger" => format!("BIGINT{unsigned}"),
            "boolean" => "TINYINT(1)".into(),
            "decimal" => format!(
                "NUMERIC({}, {}){unsigned}",
                read.total.unwrap_or(10),
                read.places.unwrap_or(0)
            ),
            "double" => format!("DOUBLE PRECISION{unsigned}"),
            "date" => "DATE".into(),
            "dateTime" => "DATETIME".into(),
            "time" => "TIME".into(),
            "json" => "JSON".into(),
            "binary" => "BLOB".into(),
            other => other.to_uppercase(),
        };
        let mut def = format!("{} {ty}", self.q(name));
        let serial = read.auto_increment && is_integer(&read.ty);
        if read.nullable {
            if read.default.is_none() {
                def.push_str(" DEFAULT NULL");
            }
        } else {
            def.push_str(" NOT NULL");
        }
        if let Some(d) = read.default.as_ref().filter(|d| !matches!(d, Lit::Null)) {
            def.push_str(&format!(" DEFAULT {}", default_sql(d)));
        }
        if serial {
            def.push_str(" AUTO_INCREMENT");
        }
        if let Some(comment) = &read.comment {
            def.push_str(&format!(" COMMENT '{}'", add_slashes(comment)));
        }
        def
    }

    /// `"name" type modifiers`, as the driver's grammar writes a column.
    fn column_sql(&self, c: &Column) -> String {
        let mut sql = format!("{} {}", self.q(&c.name), self.type_sql(c));
        let generated = c.virtual_as.is_some() || c.stored_as.is_some();
        let default = c
            .default
            .as_ref()
            .filter(|d| !matches!(d, Lit::Null))
            .map(default_sql);
        let serial = is_integer(&c.ty) && c.auto_increment;
        match self.dialect {
            Dialect::Sqlite => {
                if let Some(e) = &c.virtual_as {
                    sql.push_str(&format!(" as ({e})"));
                }
                if let Some(e) = &c.stored_as {
                    sql.push_str(&format!(" as ({e}) stored"));
                }
                if !generated && !c.nullable {
                    sql.push_str(" not null");
                }
                if let (Some(d), false) = (&default, generated) {
                    sql.push_str(&format!(" default {d}"));
                }
                if serial {
                    sql.push_str(" primary key autoincrement");
                }
            }
            Dialect::Postgres => {
                if let Some(coll) = &c.collation {
                    sql.push_str(&format!(" collate \"{coll}\""));
                }
                if serial {
                    sql.push_str(" primary key");
                }
                sql.push_str(if c.nullable { " null" } else { " not null" });
                if let Some(d) = &default {
                    sql.push_str(&format!(" default {d}"));
                }
                if let Some(e) = &c.virtual_as {
                    sql.push_str(&format!(" generated always as ({e})"));
                }
                if let Some(e) = &c.stored_as {
                    sql.push_str(&format!(" generated always as ({e}) stored"));
                }
            }
            Dialect::Mysql => {
                if c.unsigned {
                    sql.push_str(" unsigned");
                }
                if let Some(cs) = &c.charset {
                    sql.push_str(&format!(" character set {cs}"));
                }
                if let Some(coll) = &c.collation {
                    sql.push_str(&format!(" collate '{coll}'"));
                }
                if let Some(e) = &c.virtual_as {
                    sql.push_str(&format!(" as ({e})"));
                }
                if let Some(e) = &c.stored_as {
                    sql.push_str(&format!(" as ({e}) stored"));
                }
                if !generated {
                    sql.push_str(if c.nullable { " null" } else { " not null" });
                }
                if let Some(d) = &default {
                    sql.push_str(&format!(" default {d}"));
                }
                if serial {
                    sql.push_str(" auto_increment primary key");
                }
                if let Some(comment) = &c.comment {
                    sql.push_str(&format!(" comment '{}'", add_slashes(comment)));
                }
                if let Some(after) = &c.after {
                    sql.push_str(&format!(" after {}", self.q(after)));
                }
                if c.first {
                    sql.push_str(" first");
                }
            }
        }
        sql
    }

    /// The driver's type for a Laravel column type, as Laravel 8's grammars map them.
    pub(crate) fn type_sql(&self, c: &Column) -> String {
        let length = c.length.unwrap_or(255);
        let precision = c.precision;
        let enum_values = c
            .allowed
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ");
        match self.dialect {
            Dialect::Sqlite => match c.ty.as_str() {
                "char" | "string" | "uuid" | "ulid" | "ipAddress" | "macAddress" => {
                    "varchar".into()
                }
                "tinyText" | "text" | "mediumText" | "longText" | "json" | "jsonb" => "text".into(),
                "integer" | "bigInteger" | "mediumInteger" | "tinyInteger" | "smallInteger"
                | "year" => "integer".into(),
                "float" | "double" => "float".into(),
                "decimal" => "numeric".into(),
                "boolean" => "tinyint(1)".into(),
                "enum" => format!("varchar check ({} in ({enum_values}))", self.q(&c.name)),
                "date" => "date".into(),
                "dateTime" | "dateTimeTz" | "timestamp" | "timestampTz" => {
                    if c.use_current {
                        "datetime default CURRENT_TIMESTAMP".into()
                    } else {
                        "datetime".into()
                    }
                }
                "time" | "timeTz" => "time".into(),
                "binary" => "blob".into(),
                other => other.to_string(),
            },
            Dialect::Postgres => {
                let serial = |plain: &str, serial: &str| {
                    if c.auto_increment {
                        serial.to_string()
                    } else {
                        plain.to_string()
                    }
                };
                let p = |base: &str, tz: &str| match precision {
                    Some(p) => format!("{base}({p}) {tz}"),
                    None => format!("{base} {tz}"),
                };
                match c.ty.as_str() {
                    "char" => format!("char({length})"),
                    "ulid" => "char(26)".into(),
                    "string" => format!("varchar({length})"),
                    "tinyText" => "varchar(255)".into(),
                    "text" | "mediumText" | "longText" => "text".into(),
                    "integer" | "mediumInteger" => serial("integer", "serial"),
                    "bigInteger" => serial("bigint", "bigserial"),
                    "tinyInteger" | "smallInteger" => serial("smallint", "smallserial"),
                    "year" => "integer".into(),
                    "float" | "double" => "double precision".into(),
                    "decimal" => format!(
                        "decimal({}, {})",
                        c.total.unwrap_or(8),
                        c.places.unwrap_or(2)
                    ),
                    "boolean" => "boolean".into(),
                    "enum" => format!(
                        "varchar(255) check ({} in ({enum_values}))",
                        self.q(&c.name)
                    ),
                    "json" => "json".into(),
                    "jsonb" => "jsonb".into(),
                    "date" => "date".into(),
                    "dateTime" | "timestamp" => {
                        let t = p("timestamp", "without time zone");
                        if c.use_current {
                            format!("{t} default CURRENT_TIMESTAMP")
                        } else {
                            t
                        }
                    }
                    "dateTimeTz" | "timestampTz" => {
                        let t = p("timestamp", "with time zone");
                        if c.use_current {
                            format!("{t} default CURRENT_TIMESTAMP")
                        } else {
                            t
                        }
                    }
                    "time" => p("time", "without time zone"),
                    "timeTz" => p("time", "with time zone"),
                    "binary" => "bytea".into(),
                    "uuid" => "uuid".into(),
                    "ipAddress" => "inet".into(),
                    "macAddress" => "macaddr".into(),
                    other => other.to_string(),
                }
            }
            Dialect::Mysql => {
                let p = precision.filter(|p| *p > 0);
                let timed = |base: &str| {
                    let mut t = match p {
                        Some(p) => format!("{base}({p})"),
                        None => base.to_string(),
                    };
                    let current = match p {
                        Some(p) => format!("CURRENT_TIMESTAMP({p})"),
                        None => "CURRENT_TIMESTAMP".into(),
                    };
                    if c.use_current {
                        t.push_str(&format!(" default {current}"));
                    }
                    if c.use_current_on_update {
                        t.push_str(&format!(" on update {current}"));
                    }
                    t
                };
                match c.ty.as_str() {
                    "char" => format!("char({length})"),
                    "ulid" => "char(26)".into(),
                    "string" => format!("varchar({length})"),
                    "tinyText" => "tinytext".into(),
                    "text" => "text".into(),
                    "mediumText" => "mediumtext".into(),
                    "longText" => "longtext".into(),
                    "bigInteger" => "bigint".into(),
                    "integer" => "int".into(),
                    "mediumInteger" => "mediumint".into(),
                    "tinyInteger" => "tinyint".into(),
                    "smallInteger" => "smallint".into(),
                    "float" | "double" => match (c.total, c.places) {
                        (Some(t), Some(pl)) if t > 0 && pl > 0 => format!("double({t}, {pl})"),
                        _ => "double".into(),
                    },
                    "decimal" => format!(
                        "decimal({}, {})",
                        c.total.unwrap_or(8),
                        c.places.unwrap_or(2)
                    ),
                    "boolean" => "tinyint(1)".into(),
                    "enum" => format!("enum({enum_values})"),
                    "json" | "jsonb" => "json".into(),
                    "date" => "date".into(),
                    "dateTime" | "dateTimeTz" => timed("datetime"),
                    "timestamp" | "timestampTz" => timed("timestamp"),
                    "time" | "timeTz" => match p {
                        Some(p) => format!("time({p})"),
                        None => "time".into(),
                    },
                    "year" => "year".into(),
                    "binary" => "blob".into(),
                    "uuid" => "char(36)".into(),
                    "ipAddress" => "varchar(45)".into(),
                    "macAddress" => "varchar(17)".into(),
                    other => other.to_string(),
                }
            }
        }
    }
}

/// Laravel's `getDefaultValue`: expressions as written, booleans as `'0'`/`'1'`, everything
/// else quoted as is.
pub(crate) fn default_sql(value: &Lit) -> String {
    match value {
        Lit::Raw(sql) => sql.clone(),
        Lit::Bool(b) => format!("'{}'", u8::from(*b)),
        other => format!("'{}'", other.php_string()),
    }
}

fn add_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\'' | '"' | '\\') {
            out.push('\\');
        }
        if c == '\0' {
            out.push_str("\\0");
            continue;
        }
        out.push(c);
    }
    out
}

/// What Doctrine DBAL makes of a MySQL column it reads back: its type map folds `tinyint`
/// into boolean, `mediumint` into integer, `timestamp` into datetime, `year` into date,
/// `enum` and `uuid` into strings, `float`/`double` into float, and forgets fractional
/// seconds and `ON UPDATE`.
fn mysql_doctrine_readback(c: &mut Column) {
    let (ty, length) = match c.ty.as_str() {
        "tinyInteger" => ("boolean", None),
        "mediumInteger" => ("integer", None),
        "timestamp" | "timestampTz" | "dateTimeTz" => ("dateTime", None),
        "timeTz" => ("time", None),
        "year" => ("date", None),
        "enum" => ("string", Some(255)),
        "uuid" => ("char", Some(36)),
        "ulid" => ("char", Some(26)),
        "ipAddress" => ("string", Some(45)),
        "macAddress" => ("string", Some(17)),
        "float" | "double" => ("double", None),
        "jsonb" => ("json", None),
        other => (other, c.length),
    };
    c.ty = ty.to_string();
    c.length = length;
    c.precision = None;
    c.use_current_on_update = false;
    if c.use_current {
        c.use_current = false;
        c.default = Some(Lit::Raw("CURRENT_TIMESTAMP".into()));
    }
    c.allowed.clear();
}

fn drop_columns(state: &mut TableState, columns: &[String]) {
    let gone = |c: &String| columns.iter().any(|d| d.eq_ignore_ascii_case(c));
    state.doctrine_types.retain(|c, _| !gone(c));
    state.columns.retain(|c| !gone(&c.name));
    state.indexes.retain(|i| !i.columns.iter().any(gone));
    state.foreign.retain(|f| !f.columns.iter().any(gone));
    state.primary.retain(|c| !gone(c));
}

fn rename_column(state: &mut TableState, from: &str, to: &str) {
    let fix = |c: &mut String| {
        if c.eq_ignore_ascii_case(from) {
            *c = to.to_string();
        }
    };
    for c in &mut state.columns {
        fix(&mut c.name);
    }
    if let Some(ty) = state.doctrine_types.remove(&key(from)) {
        state.doctrine_types.insert(key(to), ty);
    }
    for i in &mut state.indexes {
        i.columns.iter_mut().for_each(fix);
    }
    for f in &mut state.foreign {
        f.columns.iter_mut().for_each(fix);
    }
    state.primary.iter_mut().for_each(fix);
}

enum Rebuild<'a> {
    Drop(&'a [String]),
    Rename(&'a str, &'a str),
    Change(&'a [&'a Column]),
}

impl Compiler {
    /// Doctrine DBAL's SQLite table rebuild (Laravel 8's `dropColumn` and `renameColumn`):
    /// copy to a temporary table, drop, create the table anew in Doctrine's own spelling,
    /// copy back, recreate the indexes.
    fn sqlite_rebuild(
        &mut self,
        table: &str,
        change: Rebuild<'_>,
        line: usize,
        out: &mut Vec<Statement>,
    ) -> Result<(), LaravelError> {
        let Some(old) = self.tables.get(&key(table)).cloned() else {
            return Ok(());
        };
        let mut new = old.clone();
        // Doctrine reads the table with its indexes first and then its foreign keys; a foreign
        // key that no index covers exactly gets an implicit index named from a hash.
        let pk = old.primary_columns();
        for fk in &old.foreign {
            let covered = old
                .indexes
                .iter()
                .any(|i| same_columns(&i.columns, &fk.columns))
                || same_columns(&pk, &fk.columns);
            let name = implicit_index_name(table, &fk.columns);
            if !covered && !new.indexes.iter().any(|i| i.name == name) {
                new.indexes.push(IndexState {
                    name,
                    columns: fk.columns.clone(),
                    unique: false,
                });
            }
        }
        let mut mapping: Vec<(String, String)> = old
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.name.clone()))
            .collect();
        match change {
            Rebuild::Drop(columns) => {
                drop_columns(&mut new, columns);
                mapping.retain(|(o, _)| !columns.iter().any(|d| d.eq_ignore_ascii_case(o)));
            }
            Rebuild::Rename(from, to) => {
                rename_column(&mut new, from, to);
                for (o, n) in &mut mapping {
                    if o.eq_ignore_ascii_case(from) {
                        *n = to.to_string();
                    }
                }
            }
            Rebuild::Change(columns) => {
                for fluent in columns {
                    if let Some(ty) = doctrine_type(&fluent.ty) {
                        let mut sqlite = ty.sqlite(fluent);
                        if fluent.unsigned
                            && matches!(
                                ty,
                                DoctrineType::Integer
                                    | DoctrineType::BigInt
                                    | DoctrineType::SmallInt
                            )
                        {
                            sqlite.push_str(" UNSIGNED");
                        }
                        new.doctrine_types.insert(key(&fluent.name), sqlite);
                    }
                    merge_change(&mut new, fluent);
                }
            }
        }
        // Doctrine's column order: primary key, then foreign-key columns, then the rest.
        let pk = new.primary_columns();
        let mut order: Vec<String> = pk.clone();
        for fk in &new.foreign {
            for c in &fk.columns {
                if !order.iter().any(|o| o.eq_ignore_ascii_case(c)) {
                    order.push(c.clone());
                }
            }
        }
        for c in &new.columns {
            if !order.iter().any(|o| o.eq_ignore_ascii_case(&c.name)) {
                order.push(c.name.clone());
            }
        }
        new.columns = order
            .iter()
            .filter_map(|n| new.column(n).cloned())
            .collect();

        let t = self.q(table);
        let temp = self.q(&format!("__temp__{table}"));
        let old_names: Vec<String> = mapping.iter().map(|(o, _)| o.clone()).collect();
        let new_names: Vec<String> = mapping.iter().map(|(_, n)| n.clone()).collect();
        let mut sql = vec![
            format!(
                "CREATE TEMPORARY TABLE {temp} AS SELECT {} FROM {t}",
                self.qs(&old_names)
            ),
            format!("DROP TABLE {t}"),
        ];
        let autoincrement = new
            .columns
            .iter()
            .any(|c| c.auto_increment && is_integer(&c.ty));
        let mut parts: Vec<String> = new
            .columns
            .iter()
            .map(|c| {
                self.doctrine_column(
                    c,
                    new.doctrine_types.get(&key(&c.name)).map(String::as_str),
                    autoincrement && pk.len() == 1 && pk[0] == c.name,
                )
            })
            .collect();
        if !autoincrement && !pk.is_empty() {
            parts.push(format!("PRIMARY KEY({})", self.qs(&pk)));
        }
        for fk in &new.foreign {
            parts.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} ({}) ON UPDATE {} ON DELETE {} NOT DEFERRABLE INITIALLY IMMEDIATE",
                self.qs(&fk.columns),
                self.q(&fk.on),
                self.qs(&fk.references),
                fk.on_update.as_deref().unwrap_or("no action").to_uppercase(),
                fk.on_delete.as_deref().unwrap_or("no action").to_uppercase(),
            ));
        }
        sql.push(format!("CREATE TABLE {t} ({})", parts.join(", ")));
        sql.push(format!(
            "INSERT INTO {t} ({}) SELECT {} FROM {temp}",
            self.qs(&new_names),
            self.qs(&old_names)
        ));
        sql.push(format!("DROP TABLE {temp}"));
        for index in &new.indexes {
            sql.push(format!(
                "CREATE {}INDEX {} ON {t} ({})",
                if index.unique { "UNIQUE " } else { "" },
                self.q(&index.name),
                self.qs(&index.columns)
            ));
        }
        out.extend(sql.into_iter().map(|sql| Statement { sql, line }));
        self.tables.insert(key(table), new);
        Ok(())
    }

    /// A column as Doctrine DBAL writes it for SQLite, from the type SQLite reports for what
    /// Laravel declared.
    fn doctrine_column(
        &self,
        c: &Column,
        declared: Option<&str>,
        autoincrement_key: bool,
    ) -> String {
        let ty = match c.ty.as_str() {
            _ if declared.is_some() => declared.unwrap_or_default(),
            "integer" | "bigInteger" | "mediumInteger" | "tinyInteger" | "smallInteger"
            | "year" => "INTEGER",
            "char" | "string" | "uuid" | "ulid" | "ipAddress" | "macAddress" | "enum" => {
                "VARCHAR(255)"
            }
            "tinyText" | "text" | "mediumText" | "longText" | "json" | "jsonb" => "CLOB",
            "boolean" => "BOOLEAN",
            "float" | "double" => "DOUBLE PRECISION",
            "decimal" => "NUMERIC(10, 0)",
            "date" => "DATE",
            "dateTime" | "dateTimeTz" | "timestamp" | "timestampTz" => "DATETIME",
            "time" | "timeTz" => "TIME",
            "binary" => "BLOB",
            _ => "CLOB",
        };
        let mut sql = format!("{} {ty}", self.q(&c.name));
        if autoincrement_key {
            sql.push_str(" PRIMARY KEY AUTOINCREMENT NOT NULL");
            return sql;
        }
        let numeric = ["INTEGER", "BIGINT", "SMALLINT", "BOOLEAN"]
            .iter()
            .any(|n| ty.starts_with(n));
        let default = if c.use_current && ty == "DATETIME" {
            Some("CURRENT_TIMESTAMP".to_string())
        } else {
            match &c.default {
                None | Some(Lit::Null) => None,
                Some(Lit::Raw(r)) => Some(r.clone()),
                Some(Lit::Bool(b)) => Some(u8::from(*b).to_string()),
                Some(v) if numeric => Some(v.php_string()),
                Some(v) => Some(format!("'{}'", v.php_string().replace('\'', "''"))),
            }
        };
        match default {
            Some(d) => sql.push_str(&format!(" DEFAULT {d}")),
            None if c.nullable => sql.push_str(" DEFAULT NULL"),
            None => {}
        }
        if !c.nullable {
            sql.push_str(" NOT NULL");
        }
        sql
    }
}

/// The Doctrine DBAL type Laravel 8's `ChangeColumn` maps a Laravel type to; `None` where
/// Doctrine has none and the migration fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DoctrineType {
    String,
    Text,
    Integer,
    BigInt,
    SmallInt,
    Boolean,
    Decimal,
    Float,
    Json,
    Date,
    DateTime,
    Time,
    Guid,
    Blob,
}

fn doctrine_type(laravel: &str) -> Option<DoctrineType> {
    Some(match laravel {
        "string" => DoctrineType::String,
        "text" | "mediumText" | "longText" => DoctrineType::Text,
        "integer" => DoctrineType::Integer,
        "bigInteger" => DoctrineType::BigInt,
        "smallInteger" => DoctrineType::SmallInt,
        "boolean" => DoctrineType::Boolean,
        "decimal" => DoctrineType::Decimal,
        "float" => DoctrineType::Float,
        "json" => DoctrineType::Json,
        "date" => DoctrineType::Date,
        "dateTime" => DoctrineType::DateTime,
        "time" => DoctrineType::Time,
        "uuid" => DoctrineType::Guid,
        "binary" => DoctrineType::Blob,
        _ => return None,
    })
}

impl DoctrineType {
    fn sqlite(self, c: &Column) -> String {
        match self {
            DoctrineType::String => format!("VARCHAR({})", c.length.unwrap_or(255)),
            DoctrineType::Text | DoctrineType::Json => "CLOB".into(),
            DoctrineType::Integer => "INTEGER".into(),
            DoctrineType::BigInt => "BIGINT".into(),
            DoctrineType::SmallInt => "SMALLINT".into(),
            DoctrineType::Boolean => "BOOLEAN".into(),
            DoctrineType::Decimal => format!(
                "NUMERIC({}, {})",
                c.total.unwrap_or(10),
                c.places.unwrap_or(0)
            ),
            DoctrineType::Float => "DOUBLE PRECISION".into(),
            DoctrineType::Date => "DATE".into(),
            DoctrineType::DateTime => "DATETIME".into(),
            DoctrineType::Time => "TIME".into(),
            DoctrineType::Guid => "CHAR(36)".into(),
            DoctrineType::Blob => "BLOB".into(),
        }
    }

    fn postgres(self, c: &Column) -> String {
        match self {
            DoctrineType::String => format!("VARCHAR({})", c.length.unwrap_or(255)),
            DoctrineType::Text => "TEXT".into(),
            DoctrineType::Integer => "INT".into(),
            DoctrineType::BigInt => "BIGINT".into(),
            DoctrineType::SmallInt => "SMALLINT".into(),
            DoctrineType::Boolean => "BOOLEAN".into(),
            DoctrineType::Decimal => format!(
                "NUMERIC({}, {})",
                c.total.unwrap_or(10),
                c.places.unwrap_or(0)
            ),
            DoctrineType::Float => "DOUBLE PRECISION".into(),
            DoctrineType::Json => "JSON".into(),
            DoctrineType::Date => "DATE".into(),
            DoctrineType::DateTime => "TIMESTAMP(0) WITHOUT TIME ZONE".into(),
            DoctrineType::Time => "TIME(0) WITHOUT TIME ZONE".into(),
            DoctrineType::Guid => "UUID".into(),
            DoctrineType::Blob => "BYTEA".into(),
        }
    }

    fn mysql(self, c: &Column) -> String {
        let unsigned = if c.unsigned { " UNSIGNED" } else { "" };
        match self {
            DoctrineType::String => format!("VARCHAR({})", c.length.unwrap_or(255)),
            // Laravel passes a length per text type; Doctrine picks the MySQL type by it.
            DoctrineType::Text => match c.ty.as_str() {
                "mediumText" => "MEDIUMTEXT".into(),
                "longText" => "LONGTEXT".into(),
                _ => "TEXT".into(),
            },
            DoctrineType::Integer => format!("INT{unsigned}"),
            DoctrineType::BigInt => format!("BIGINT{unsigned}"),
            DoctrineType::SmallInt => format!("SMALLINT{unsigned}"),
            DoctrineType::Boolean => "TINYINT(1)".into(),
            DoctrineType::Decimal => format!(
                "NUMERIC({}, {}){unsigned}",
                c.total.unwrap_or(10),
                c.places.unwrap_or(0)
            ),
            DoctrineType::Float => format!("DOUBLE PRECISION{unsigned}"),
            DoctrineType::Json => "JSON".into(),
            DoctrineType::Date => "DATE".into(),
            DoctrineType::DateTime => "DATETIME".into(),
            DoctrineType::Time => "TIME".into(),
            DoctrineType::Guid => "CHAR(36)".into(),
            DoctrineType::Blob => "LONGBLOB".into(),
        }
    }
}

/// The column after `->change()`: Doctrine takes the type and every attribute the fluent
/// column carries, and keeps what it does not (nullability and default unless given).
fn merge_change(state: &mut TableState, fluent: &Column) {
    let Some(current) = state
        .columns
        .iter_mut()
        .find(|c| c.name.eq_ignore_ascii_case(&fluent.name))
    else {
        return;
    };
    let mut merged = fluent.clone();
    merged.change = false;
    merged.nullable = if fluent.nullable_set {
        fluent.nullable
    } else {
        current.nullable
    };
    if fluent.default.is_none() {
        merged.default = current.default.clone();
        merged.use_current = current.use_current;
    }
    if fluent.comment.is_none() {
        merged.comment = current.comment.clone();
    }
    merged.auto_increment = fluent.auto_increment || current.auto_increment;
    *current = merged;
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// Doctrine's generated identifier: `IDX_` and the upper-case hex CRC-32 of the table and
/// column names, cut at 63 characters.
fn implicit_index_name(table: &str, columns: &[String]) -> String {
    let mut hash = format!("{:x}", crc32(table.as_bytes()));
    for c in columns {
        hash.push_str(&format!("{:x}", crc32(c.as_bytes())));
    }
    let mut name = format!("IDX_{hash}").to_uppercase();
    name.truncate(63);
    name
}

/// CRC-32 (IEEE), as PHP's `crc32()`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctrine_implicit_index_names_match_php() {
        // php -r 'echo dechex(crc32("t")), dechex(crc32("parent_id"));' → 856a5aa8727aca70
        assert_eq!(
            implicit_index_name("t", &["parent_id".into()]),
            "IDX_856A5AA8727ACA70"
        );
    }
}
