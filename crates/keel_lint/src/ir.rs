//! keel's own operations IR: what a migration does, independent of how it was written.
//!
//! SQL statements are parsed into [`Op`]s here; Laravel PHP migrations are interpreted into
//! the same ops (by `keel_laravel::lint`), so every rule works on both. Names are compared case-insensitively and
//! without their schema, so they are stored lower-cased and unqualified.

/// A region of a file, 1-based, columns counted in characters; `end_*` is inclusive of the
/// last character's line and exclusive of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Span {
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just after the end on `end_line`.
    pub end_column: usize,
}

/// A column as declared by CREATE TABLE or ADD COLUMN.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnSpec {
    /// Column name.
    pub name: String,
    /// The type as written, lower-cased (`varchar(20)`, `timestamp`).
    pub data_type: String,
    /// Declared NOT NULL (or PRIMARY KEY).
    pub not_null: bool,
    /// The DEFAULT expression, as written.
    pub default: Option<String>,
    /// The default calls a function whose value differs per row or per call.
    pub volatile_default: bool,
    /// Declared UNIQUE inline.
    pub unique: bool,
    /// Declared PRIMARY KEY inline.
    pub primary_key: bool,
    /// Generated or identity/auto-increment column (fills itself).
    pub generated: bool,
}

/// A foreign key: `columns` of the owning table reference `ref_table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
}

/// What kind of data statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataVerb {
    /// INSERT (or REPLACE).
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
    /// TRUNCATE.
    Truncate {
        /// CASCADE given: tables that reference this one are emptied too.
        cascade: bool,
    },
}

/// Transaction control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxKind {
    /// BEGIN / START TRANSACTION.
    Begin,
    /// COMMIT / END.
    Commit,
    /// ROLLBACK.
    Rollback,
}

/// Extra constraints an ALTER TABLE … ADD can bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// UNIQUE.
    Unique,
    /// PRIMARY KEY.
    PrimaryKey,
    /// CHECK.
    Check,
    /// Anything else.
    Other,
}

/// How an ALTER COLUMN changes the way a column fills itself (PostgreSQL identity and generated
/// columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenerationChange {
    /// `ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`.
    AddIdentity {
        /// ALWAYS: explicit values are refused from now on.
        always: bool,
    },
    /// `SET GENERATED { ALWAYS | BY DEFAULT }`.
    SetGenerated {
        /// ALWAYS: explicit values are refused from now on.
        always: bool,
    },
    /// Only the identity's sequence options (`RESTART`, `SET INCREMENT BY …`).
    IdentityOptions,
    /// `DROP IDENTITY`.
    DropIdentity,
    /// `DROP EXPRESSION`: a generated column becomes an ordinary one.
    DropExpression,
    /// `SET EXPRESSION AS (…)`: a stored generated column gets a new expression.
    SetExpression,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpKind {
    /// CREATE TABLE (also CREATE TABLE … AS SELECT, whose reads are in `reads`).
    CreateTable {
        /// Table.
        table: String,
        /// IF NOT EXISTS given.
        if_not_exists: bool,
        /// Columns.
        columns: Vec<ColumnSpec>,
        /// Foreign keys, inline and table-level.
        foreign_keys: Vec<ForeignKey>,
        /// Column lists of the PRIMARY KEY / UNIQUE constraints (they are indexed).
        indexed: Vec<Vec<String>>,
        /// Tables read by an AS SELECT.
        reads: Vec<String>,
    },
    /// DROP TABLE (one op per table).
    DropTable {
        /// Table.
        table: String,
        /// IF EXISTS given.
        if_exists: bool,
    },
    /// ALTER TABLE … RENAME TO / RENAME TABLE.
    RenameTable {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// ALTER TABLE … ADD COLUMN.
    AddColumn {
        /// Table.
        table: String,
        /// The column.
        column: ColumnSpec,
        /// IF NOT EXISTS given.
        if_not_exists: bool,
        /// An inline REFERENCES.
        foreign_key: Option<ForeignKey>,
    },
    /// ALTER TABLE … DROP COLUMN.
    DropColumn {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// IF EXISTS given.
        if_exists: bool,
    },
    /// ALTER TABLE … RENAME COLUMN (or MySQL CHANGE with a new name).
    RenameColumn {
        /// Table.
        table: String,
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// A column's type changes (PostgreSQL ALTER COLUMN TYPE, MySQL MODIFY/CHANGE).
    AlterColumnType {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// The new type, lower-cased.
        new_type: String,
    },
    /// A column's nullability changes.
    SetNullability {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// `true` for SET NOT NULL.
        not_null: bool,
    },
    /// A column's default changes (`None`: DROP DEFAULT).
    SetDefault {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// The new default.
        default: Option<String>,
    },
    /// CREATE INDEX.
    CreateIndex {
        /// Index name.
        name: Option<String>,
        /// Table.
        table: String,
        /// Indexed columns (expressions are left out).
        columns: Vec<String>,
        /// UNIQUE.
        unique: bool,
        /// CONCURRENTLY.
        concurrently: bool,
        /// IF NOT EXISTS given.
        if_not_exists: bool,
    },
    /// DROP INDEX.
    DropIndex {
        /// Index name.
        name: String,
        /// CONCURRENTLY.
        concurrently: bool,
        /// IF EXISTS given.
        if_exists: bool,
    },
    /// ALTER TABLE … ADD FOREIGN KEY.
    AddForeignKey {
        /// Owning table.
        table: String,
        /// The constraint's name, when given.
        name: Option<String>,
        /// The key.
        foreign_key: ForeignKey,
        /// NOT VALID given.
        not_valid: bool,
    },
    /// ALTER TABLE … DROP CONSTRAINT / FOREIGN KEY.
    DropConstraint {
        /// Table.
        table: String,
        /// Constraint name.
        name: String,
    },
    /// ALTER TABLE … ADD CONSTRAINT other than a foreign key.
    AddConstraint {
        /// Table.
        table: String,
        /// The constraint's name, when given.
        name: Option<String>,
        /// What.
        kind: ConstraintKind,
        /// Its columns.
        columns: Vec<String>,
        /// NOT VALID given.
        not_valid: bool,
    },
    /// INSERT / UPDATE / DELETE / TRUNCATE.
    Data {
        /// Which.
        verb: DataVerb,
        /// The table written.
        writes: String,
        /// Tables read (FROM, JOIN, sub-queries), the written one included when read.
        reads: Vec<String>,
        /// Column names read anywhere in the statement (`*` for a wildcard).
        read_columns: Vec<String>,
        /// Columns written, in the order written, repeats kept: an INSERT's column list, an
        /// UPDATE's SET targets (empty when not listed).
        written_columns: Vec<String>,
    },
    /// BEGIN / COMMIT / ROLLBACK.
    Transaction(TxKind),
    /// CREATE of a schema object other than a table or an index: `VIEW`, `MATERIALIZED VIEW`,
    /// `FUNCTION`, `PROCEDURE`, `TYPE`, `DOMAIN`, `SEQUENCE`, `EXTENSION`, `SCHEMA`.
    CreateObject {
        /// The object kind, upper-case, as in the list above.
        object: String,
        /// Its name.
        name: String,
        /// The object carries CHECK constraints of its own (a DOMAIN's `CHECK (…)`).
        checked: bool,
    },
    /// DROP of a schema object other than a table or an index (kinds as for `CreateObject`,
    /// plus `DATABASE`); one op per name.
    DropObject {
        /// The object kind, upper-case.
        object: String,
        /// Its name.
        name: String,
        /// CASCADE given.
        cascade: bool,
    },
    /// `ALTER <object> … RENAME TO` or `SET SCHEMA` of anything but a table's own rename
    /// (that is `RenameTable`) and an index; also `ALTER TYPE … RENAME VALUE` (object
    /// `ENUM VALUE`, names `type.value`).
    RenameObject {
        /// The object kind, upper-case (`TABLE` for `ALTER TABLE … SET SCHEMA`).
        object: String,
        /// Old name.
        from: String,
        /// New name (`schema.name` for SET SCHEMA).
        to: String,
    },
    /// ALTER TYPE … ADD VALUE (a PostgreSQL enum gains a value).
    AddEnumValue {
        /// The enum type.
        type_name: String,
        /// The new value.
        value: String,
        /// BEFORE or AFTER given (else the value goes last).
        positioned: bool,
    },
    /// ALTER TABLE … ALTER COLUMN that changes an identity or generated column.
    ColumnGeneration {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// What changes.
        change: GenerationChange,
    },
    /// ALTER DOMAIN … ADD CONSTRAINT.
    DomainConstraint {
        /// The domain.
        domain: String,
        /// NOT VALID given.
        not_valid: bool,
    },
    /// REINDEX.
    Reindex {
        /// What is reindexed (`TABLE photos`, `INDEX photos_pkey`).
        target: String,
        /// CONCURRENTLY.
        concurrently: bool,
    },
    /// ALTER TABLE … DETACH PARTITION.
    DetachPartition {
        /// The partitioned table.
        table: String,
        /// The partition.
        partition: String,
        /// CONCURRENTLY.
        concurrently: bool,
    },
    /// SET of a session setting (`SET lock_timeout = '2s'`, `SET LOCAL …`).
    Setting {
        /// The setting, lower-case.
        name: String,
    },
    /// Anything else (views, triggers, functions, grants, statements keel cannot parse).
    Other {
        /// The statement's first words, e.g. `CREATE TRIGGER`.
        what: String,
        /// Whether it is schema (DDL) rather than data.
        ddl: bool,
    },
}

impl OpKind {
    /// Tables this op changes or reads, for counting how many tables a migration touches.
    pub fn tables(&self) -> Vec<&str> {
        match self {
            OpKind::CreateTable { table, .. }
            | OpKind::DropTable { table, .. }
            | OpKind::AddColumn { table, .. }
            | OpKind::DropColumn { table, .. }
            | OpKind::RenameColumn { table, .. }
            | OpKind::AlterColumnType { table, .. }
            | OpKind::SetNullability { table, .. }
            | OpKind::SetDefault { table, .. }
            | OpKind::CreateIndex { table, .. }
            | OpKind::AddForeignKey { table, .. }
            | OpKind::DropConstraint { table, .. }
            | OpKind::AddConstraint { table, .. }
            | OpKind::ColumnGeneration { table, .. } => vec![table],
            OpKind::RenameTable { from, .. } => vec![from],
            OpKind::Data { writes, .. } => vec![writes],
            OpKind::DetachPartition { table, .. } => vec![table],
            OpKind::RenameObject { object, from, .. } if object == "TABLE" => vec![from],
            OpKind::DropIndex { .. }
            | OpKind::Transaction(_)
            | OpKind::Other { .. }
            | OpKind::CreateObject { .. }
            | OpKind::DropObject { .. }
            | OpKind::RenameObject { .. }
            | OpKind::DomainConstraint { .. }
            | OpKind::AddEnumValue { .. }
            | OpKind::Reindex { .. }
            | OpKind::Setting { .. } => vec![],
        }
    }

    /// Whether this op changes the schema (as opposed to data or transaction control).
    pub fn is_ddl(&self) -> bool {
        match self {
            OpKind::Data { .. }
            | OpKind::Transaction(_)
            | OpKind::Reindex { .. }
            | OpKind::Setting { .. } => false,
            OpKind::Other { ddl, .. } => *ddl,
            _ => true,
        }
    }
}

/// One operation with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// What it does.
    pub kind: OpKind,
    /// The statement's span in the file.
    pub span: Span,
    /// Index of the statement in its script (an ALTER TABLE with several actions gives several
    /// ops with the same index).
    pub statement: usize,
}
