//! What a migration says, independent of the database: the Schema-builder calls as data.

/// A literal PHP value, as far as keel evaluates PHP.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// `'text'`
    Str(String),
    /// `42`, `-1`
    Int(i64),
    /// `1.5`, kept as written.
    Float(String),
    /// `true` / `false`
    Bool(bool),
    /// `null`
    Null,
    /// `DB::raw('…')` or `new Expression('…')`: SQL used as is.
    Raw(String),
    /// `[…]`
    Array(Vec<Lit>),
}

impl Lit {
    /// The value as PHP's `(string)` cast spells it.
    pub fn php_string(&self) -> String {
        match self {
            Lit::Str(s) | Lit::Float(s) | Lit::Raw(s) => s.clone(),
            Lit::Int(i) => i.to_string(),
            Lit::Bool(true) => "1".into(),
            Lit::Bool(false) => String::new(),
            Lit::Null => String::new(),
            Lit::Array(_) => "Array".into(),
        }
    }

    /// A list of strings: an array of strings, or one string (Laravel's `(array) $columns`).
    pub fn strings(&self) -> Option<Vec<String>> {
        match self {
            Lit::Str(s) => Some(vec![s.clone()]),
            Lit::Array(items) => items
                .iter()
                .map(|i| match i {
                    Lit::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

/// One column of a Blueprint, with the attributes Laravel's `ColumnDefinition` carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Laravel's type name (`string`, `bigInteger`, `timestampTz`, …).
    pub ty: String,
    /// `string`/`char` length.
    pub length: Option<u32>,
    /// `decimal`/`float`/`double` total digits.
    pub total: Option<u32>,
    /// `decimal`/`float`/`double` places.
    pub places: Option<u32>,
    /// Fractional-second precision of time types.
    pub precision: Option<u32>,
    /// `enum` values.
    pub allowed: Vec<String>,
    /// `unsigned`
    pub unsigned: bool,
    /// Auto-incrementing (`increments`, `id`).
    pub auto_increment: bool,
    /// `nullable()`
    pub nullable: bool,
    /// Whether `nullable(…)` was called (what `->change()` applies).
    pub nullable_set: bool,
    /// `default(…)`
    pub default: Option<Lit>,
    /// `useCurrent()`
    pub use_current: bool,
    /// `useCurrentOnUpdate()`
    pub use_current_on_update: bool,
    /// `comment(…)`
    pub comment: Option<String>,
    /// `after(…)` (MySQL)
    pub after: Option<String>,
    /// `first()` (MySQL)
    pub first: bool,
    /// `change()`
    pub change: bool,
    /// `->unique()` (`Some(None)`) or `->unique('name')`.
    pub unique: Option<Option<String>>,
    /// `->index()` or `->index('name')`.
    pub index: Option<Option<String>>,
    /// `->primary()` or `->primary('name')`.
    pub primary: Option<Option<String>>,
    /// `charset(…)` (MySQL)
    pub charset: Option<String>,
    /// `collation(…)`
    pub collation: Option<String>,
    /// `storedAs(…)`
    pub stored_as: Option<String>,
    /// `virtualAs(…)`
    pub virtual_as: Option<String>,
    /// 1-based line of the call that declared it.
    pub line: usize,
}

/// Index kinds, named as Laravel names them in generated index names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// `primary`
    Primary,
    /// `unique`
    Unique,
    /// `index`
    Index,
}

impl IndexKind {
    /// Laravel's suffix for generated names.
    pub fn suffix(self) -> &'static str {
        match self {
            IndexKind::Primary => "primary",
            IndexKind::Unique => "unique",
            IndexKind::Index => "index",
        }
    }
}

/// A foreign key (`foreign()->references()->on()` or `foreignId()->constrained()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// Constraint name.
    pub name: String,
    /// Local columns.
    pub columns: Vec<String>,
    /// Referenced columns.
    pub references: Vec<String>,
    /// Referenced table.
    pub on: String,
    /// `on delete …`
    pub on_delete: Option<String>,
    /// `on update …`
    pub on_update: Option<String>,
    /// 1-based line.
    pub line: usize,
}

/// What a Blueprint does besides declaring columns, in call order.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `dropColumn(…)`
    DropColumn(Vec<String>),
    /// `renameColumn(from, to)`
    RenameColumn {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// `primary`/`unique`/`index`
    Index {
        /// Which.
        kind: IndexKind,
        /// Name (given or generated).
        name: String,
        /// Columns.
        columns: Vec<String>,
        /// `algorithm` argument.
        algorithm: Option<String>,
    },
    /// `foreign(…)`
    Foreign(Foreign),
    /// `dropPrimary`
    DropPrimary(String),
    /// `dropUnique`
    DropUnique(String),
    /// `dropIndex`
    DropIndex(String),
    /// `dropForeign`
    DropForeign(String),
    /// `renameIndex(from, to)`
    RenameIndex {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// `$table->drop()`
    Drop,
    /// `$table->dropIfExists()`
    DropIfExists,
    /// `$table->rename(to)`
    Rename(String),
}

/// A command with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The command.
    pub item: T,
    /// 1-based line.
    pub line: usize,
}

/// The Blueprint of one `Schema::create` or `Schema::table` call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Blueprint {
    /// Table name.
    pub table: String,
    /// Whether this creates the table.
    pub creating: bool,
    /// Columns added or changed, in call order.
    pub columns: Vec<Column>,
    /// Other commands, in call order.
    pub commands: Vec<Located<Command>>,
    /// `$table->engine = …` (MySQL)
    pub engine: Option<String>,
    /// `$table->charset = …` (MySQL)
    pub charset: Option<String>,
    /// `$table->collation = …` (MySQL)
    pub collation: Option<String>,
    /// `$table->temporary()`
    pub temporary: bool,
}

/// A static condition (`Schema::hasTable`, `Schema::hasColumn`).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `Schema::hasTable(t)`
    HasTable(String),
    /// `Schema::hasColumn(t, c)` / `hasColumns(t, [c…])`
    HasColumns(String, Vec<String>),
    /// `!…`
    Not(Box<Cond>),
    /// `… && …`
    And(Box<Cond>, Box<Cond>),
    /// `… || …`
    Or(Box<Cond>, Box<Cond>),
    /// `true` / `false`
    Lit(bool),
}

/// How a `DB::table(…)` call changes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// `->update(…)`
    Update,
    /// `->insert(…)`
    Insert,
    /// `->delete()`
    Delete,
}

/// One step of an `up()` or `down()` method.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `Schema::create`
    Create(Blueprint),
    /// `Schema::table`
    Table(Blueprint),
    /// `Schema::drop`
    Drop(String),
    /// `Schema::dropIfExists`
    DropIfExists(String),
    /// `Schema::rename`
    Rename {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// `Schema::disableForeignKeyConstraints()` (false) / `enable…` (true)
    ForeignKeyChecks(bool),
    /// `DB::statement('…')` / `DB::unprepared('…')`: SQL run as written.
    Statement(String),
    /// `DB::table(t)->update/insert/delete`: a data change, recorded for the linter and not
    /// replayed (a scratch database has no rows).
    Data {
        /// The table.
        table: String,
        /// What it does.
        kind: DataKind,
        /// The columns it writes, when keel can tell.
        columns: Vec<String>,
        /// Columns named literally where it reads (`where('c', …)`, `orderBy('c')`,
        /// `increment('c')`). Values that are not literals or `DB::raw` are not read.
        reads: Vec<String>,
        /// Raw SQL fragments it carries (`DB::raw('…')` values, `whereRaw('…')`): the linter
        /// parses them for the columns they read.
        raw: Vec<String>,
    },
    /// `if (Schema::hasTable(…)) { … } else { … }`
    If {
        /// The condition.
        cond: Cond,
        /// Steps when true.
        then: Vec<Located<Op>>,
        /// Steps when false.
        otherwise: Vec<Located<Op>>,
    },
}

/// A migration file read statically.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MigrationIr {
    /// `up()`
    pub up: Vec<Located<Op>>,
    /// `down()`; `None` when the class has no `down()` method.
    pub down: Option<Vec<Located<Op>>>,
    /// What keel could not follow in `up()`, in file order.
    pub opaque: Vec<crate::Opaque>,
    /// What keel could not follow in `down()`: it only matters when undoing.
    pub down_opaque: Vec<crate::Opaque>,
}
