use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// Server facts that change how a schema is normalised (never host names or timestamps).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerContext {
    /// `major.minor` of the server that was inspected.
    pub version: String,
    /// MySQL: the database's default character set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// MySQL: the database's default collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

/// One schema: a PostgreSQL namespace, or the single schema of a SQLite or MySQL database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Tables by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tables: BTreeMap<String, Table>,
    /// Views and materialised views by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<String, View>,
    /// PostgreSQL enum types by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumType>,
    /// PostgreSQL domains by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub domains: BTreeMap<String, Domain>,
    /// Sequences by name (PostgreSQL; those owned by serial/identity columns included).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sequences: BTreeMap<String, Sequence>,
    /// Functions and procedures by `name(argument types)`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub routines: BTreeMap<String, Routine>,
    /// Triggers by `table.trigger`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub triggers: BTreeMap<String, Trigger>,
    /// PostgreSQL extensions installed in this schema, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Comment on the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Columns in physical order (positions are dense: dropped-column gaps do not show).
    pub columns: Vec<Column>,
    /// The primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Indexes and unique constraints by name (unnamed ones by `auto:<hash>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indexes: BTreeMap<String, Index>,
    /// Foreign keys by name (unnamed ones by `auto:<hash>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub foreign_keys: BTreeMap<String, ForeignKey>,
    /// CHECK constraints by name (unnamed ones by `auto:<hash>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, Check>,
    /// Engine-specific table options.
    #[serde(default, skip_serializing_if = "TableOptions::is_empty")]
    pub options: TableOptions,
    /// Comment on the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Engine-specific table options; only non-default values are recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableOptions {
    /// MySQL storage engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// MySQL character set, when it differs from the database default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// MySQL collation, when it differs from the database default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// SQLite `STRICT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
    /// SQLite `WITHOUT ROWID`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub without_rowid: bool,
    /// PostgreSQL `UNLOGGED`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unlogged: bool,
    /// PostgreSQL partition key (`RANGE (created_at)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
}

impl TableOptions {
    /// Whether every option has its default.
    pub fn is_empty(&self) -> bool {
        *self == TableOptions::default()
    }
}

/// A column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Canonical type, in the engine's canonical spelling (`integer`, `character varying(255)`,
    /// `varchar(255)`, `timestamp with time zone`): what comparisons use.
    #[serde(rename = "type")]
    pub ty: String,
    /// The type as written, when it differs from the canonical one (SQLite keeps declared
    /// types; MySQL's display widths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_type: Option<String>,
    /// Whether NULL is allowed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// MySQL `ON UPDATE` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<DefaultValue>,
    /// How the column numbers itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Generated (computed) column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// Character set, when it differs from the table's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// Collation, when it differs from the table's (or the type's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Column {
    /// A NOT NULL column of `ty` with nothing else set.
    pub fn new(name: &str, ty: &str) -> Self {
        Self {
            name: name.to_string(),
            ty: ty.to_string(),
            ..Self::default()
        }
    }
}

/// A column default, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DefaultValue {
    /// A constant: the value as text (strings unquoted, numbers as written, booleans as
    /// `true`/`false`).
    Literal {
        /// The value.
        value: String,
    },
    /// Any other expression, as the server renders it, lexically normalised.
    Expression {
        /// The SQL.
        sql: String,
    },
    /// `CURRENT_TIMESTAMP` / `now()`, with its fractional-second precision.
    CurrentTimestamp {
        /// Precision, when given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        precision: Option<u8>,
    },
}

/// How a column numbers itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Identity {
    /// MySQL `AUTO_INCREMENT`.
    AutoIncrement,
    /// SQLite rowid alias (`INTEGER PRIMARY KEY`), with or without `AUTOINCREMENT`.
    Rowid {
        /// `AUTOINCREMENT` given.
        #[serde(default, skip_serializing_if = "is_false")]
        autoincrement: bool,
    },
    /// PostgreSQL `serial`: a default of `nextval` on an owned sequence.
    Serial {
        /// The sequence.
        sequence: String,
    },
    /// PostgreSQL `GENERATED … AS IDENTITY`.
    Identity {
        /// `ALWAYS` rather than `BY DEFAULT`.
        #[serde(default, skip_serializing_if = "is_false")]
        always: bool,
    },
}

/// A generated column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    /// The expression, as the server renders it.
    pub expression: String,
    /// Stored rather than virtual.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stored: bool,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKey {
    /// Constraint name, when the engine has one that is not generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns in key order.
    pub columns: Vec<String>,
}

/// What kind of index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// A plain (or unique) index.
    #[default]
    Index,
    /// A UNIQUE constraint (PostgreSQL and SQLite distinguish it from a unique index).
    UniqueConstraint,
    /// MySQL FULLTEXT.
    Fulltext,
    /// MySQL SPATIAL.
    Spatial,
}

impl IndexKind {
    fn is_default(&self) -> bool {
        *self == IndexKind::Index
    }
}

/// One part of an index key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexPart {
    /// The column, for column parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The expression, for expression parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Descending.
    #[serde(default, skip_serializing_if = "is_false")]
    pub descending: bool,
    /// `first` or `last`, only when not the default for the direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<String>,
    /// MySQL prefix length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_length: Option<u32>,
    /// Collation, when not the column's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Operator class, when not the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

/// An index or unique constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Whether values must be unique.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Kind.
    #[serde(default, skip_serializing_if = "IndexKind::is_default")]
    pub kind: IndexKind,
    /// Key parts in order.
    pub parts: Vec<IndexPart>,
    /// Access method, when not the engine default (`gin`, `hash`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Partial-index predicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// PostgreSQL INCLUDE columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// PostgreSQL `NULLS NOT DISTINCT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// Deferrable (unique constraints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferral>,
    /// Created by the engine itself (MySQL's index for a foreign key, SQLite autoindexes).
    #[serde(default, skip_serializing_if = "is_false")]
    pub implicit: bool,
    /// The name follows the engine's generated-name pattern.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_named: bool,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// When a deferrable constraint is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`.
    InitiallyDeferred,
}

/// A foreign key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced schema, when not the table's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_schema: Option<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns (resolved to the primary key for SQLite's shorthand form).
    pub ref_columns: Vec<String>,
    /// `ON DELETE` action, when not `NO ACTION` (`cascade`, `set null`, `set default`,
    /// `restrict`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// `ON UPDATE` action, when not `NO ACTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
    /// Deferrable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferral>,
    /// `MATCH FULL`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub match_full: bool,
    /// Not validated (PostgreSQL `NOT VALID`) or not enforced.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_enforced: bool,
    /// The name follows the engine's generated-name pattern.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_named: bool,
}

/// A CHECK constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The condition, as the server renders it.
    pub expression: String,
    /// Not validated or not enforced.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_enforced: bool,
    /// PostgreSQL `NO INHERIT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_inherit: bool,
    /// The name follows the engine's generated-name pattern.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_named: bool,
}

/// A view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The defining query, as the server renders it.
    pub definition: String,
    /// PostgreSQL materialised view.
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// `WITH … CHECK OPTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_option: Option<String>,
    /// Indexes (materialised views).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indexes: BTreeMap<String, Index>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A trigger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The table (or view) it is on.
    pub table: String,
    /// `before`, `after` or `instead of`.
    pub timing: String,
    /// `insert`, `update`, `delete`, `truncate` (sorted).
    pub events: Vec<String>,
    /// Per row rather than per statement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub for_each_row: bool,
    /// The full definition, as the server renders it.
    pub definition: String,
}

/// A function or procedure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    /// `function` or `procedure`.
    pub kind: String,
    /// Implementation language (`plpgsql`, `sql`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Return type (functions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// The full definition, as the server renders it.
    pub definition: String,
}

/// A sequence (no current value: that is volatile).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// Data type.
    #[serde(rename = "type")]
    pub ty: String,
    /// First value.
    pub start: i64,
    /// Step.
    pub increment: i64,
    /// Minimum.
    pub min: i64,
    /// Maximum.
    pub max: i64,
    /// Cached values.
    pub cache: i64,
    /// Wraps around.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
    /// `table.column` that owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<String>,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    /// Labels in sort order.
    pub values: Vec<String>,
}

/// A PostgreSQL domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Base type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether NULL is allowed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// CHECK constraints by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, Check>,
}

/// The rows of a protected table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableData {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows sorted by primary key; values as text (`null` for NULL, binary as hex).
    pub rows: Vec<Vec<Option<String>>>,
}

/// Something the inspector saw but keel does not model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsupported {
    /// `schema.object` or `table.object`.
    pub object: String,
    /// What kind of object (`rule`, `policy`, `partition`, `event`, …).
    pub kind: String,
    /// Why it is not modelled.
    pub reason: String,
}
