//! SQL → operations, per dialect, with `sqlparser`.
//!
//! The script is first cut into statements by `keel_sql::split` (which knows each dialect's
//! lexical rules, `DELIMITER` blocks and compound bodies, and gives exact positions); each
//! statement is then parsed on its own, so one statement sqlparser does not understand never
//! hides the others.

use std::ops::ControlFlow;

use keel_sql::{Dialect, LineIndex};
use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, AssignmentTarget, ColumnOption, DropBehavior,
    Expr, FromTable, ObjectName, ObjectNamePart, ObjectType, SelectItem, SetExpr, Statement,
    TableConstraint, TableFactor, TableObject,
};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::ir::{
    ColumnSpec, ConstraintKind, DataVerb, ForeignKey, GenerationChange, Op, OpKind, Span, TxKind,
};
use crate::shallow;

/// One statement of a script, where it is.
#[derive(Debug, Clone)]
pub struct StatementInfo {
    /// Its span in the file.
    pub span: Span,
    /// Its text.
    pub text: String,
}

/// A statement that is not SQL at all.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Where (a single position).
    pub span: Span,
    /// What the parser said.
    pub message: String,
}

/// A parsed script.
#[derive(Debug, Clone, Default)]
pub struct ParsedScript {
    /// Operations in source order.
    pub ops: Vec<Op>,
    /// The statements.
    pub statements: Vec<StatementInfo>,
    /// Syntax errors.
    pub errors: Vec<SyntaxError>,
}

/// Statement keywords of real SQL that sqlparser may not fully understand; a statement that
/// starts with one of them and fails to parse past its first words is kept as an opaque op.
const KNOWN_STARTS: &[&str] = &[
    "ALTER",
    "ANALYZE",
    "ATTACH",
    "BEGIN",
    "CALL",
    "CHECKPOINT",
    "CLUSTER",
    "COMMENT",
    "COMMIT",
    "COPY",
    "CREATE",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DELIMITER",
    "DETACH",
    "DISCARD",
    "DO",
    "DROP",
    "END",
    "EXECUTE",
    "EXPLAIN",
    "FLUSH",
    "GRANT",
    "HANDLER",
    "IMPORT",
    "INSERT",
    "LISTEN",
    "LOAD",
    "LOCK",
    "MERGE",
    "NOTIFY",
    "OPTIMIZE",
    "PRAGMA",
    "PREPARE",
    "REFRESH",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESET",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SECURITY",
    "SELECT",
    "SET",
    "SHOW",
    "START",
    "TABLE",
    "TRUNCATE",
    "UNLISTEN",
    "UPDATE",
    "USE",
    "VACUUM",
    "VALUES",
    "WITH",
    "XA",
];

/// Parses a script whose text starts on `first_line` of its file.
pub fn parse_script(text: &str, first_line: usize, dialect: Dialect) -> ParsedScript {
    let mut parsed = ParsedScript::default();
    let index = LineIndex::new(text);
    let statements = match keel_sql::split(text, dialect) {
        Ok(s) => s,
        Err(e) => {
            let line = e.line + first_line - 1;
            parsed.errors.push(SyntaxError {
                span: Span {
                    line,
                    column: e.column,
                    end_line: line,
                    end_column: e.column + 1,
                },
                message: e.message,
            });
            return parsed;
        }
    };
    for (i, st) in statements.into_iter().enumerate() {
        let (line, column) = index.line_col(st.start);
        let (end_line, end_column) = index.line_col(st.end);
        let span = Span {
            line: line + first_line - 1,
            column,
            end_line: end_line + first_line - 1,
            end_column,
        };
        let kinds = match parse_statement(&st.text, dialect) {
            Ok(kinds) => kinds,
            // Real SQL that sqlparser does not know yet (`DROP INDEX CONCURRENTLY IF EXISTS`,
            // `REINDEX`, `DETACH PARTITION`) is recognised from its words.
            Err(message) => shallow::recognize(&st.text).unwrap_or_else(|| {
                let what = first_words(&st.text);
                let ddl = is_ddl_word(&what);
                if let Some((l, c)) = error_position(&message).filter(|_| not_sql(&st.text)) {
                    let line = span.line + l - 1;
                    let column = if l == 1 { span.column + c - 1 } else { c };
                    parsed.errors.push(SyntaxError {
                        span: Span {
                            line,
                            column,
                            end_line: line,
                            end_column: column + 1,
                        },
                        message: clean_message(&message),
                    });
                }
                vec![OpKind::Other { what, ddl }]
            }),
        };
        for kind in kinds {
            parsed.ops.push(Op {
                kind,
                span,
                statement: i,
            });
        }
        parsed.statements.push(StatementInfo {
            span,
            text: st.text,
        });
    }
    parsed
}

fn parse_statement(text: &str, dialect: Dialect) -> Result<Vec<OpKind>, String> {
    let result = match dialect {
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, text),
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, text),
        Dialect::Mysql => Parser::parse_sql(&MySqlDialect {}, text),
    };
    let statements = result.map_err(|e| e.to_string())?;
    let mut ops = Vec::new();
    for s in &statements {
        ops.extend(lower(s, text));
    }
    Ok(ops)
}

/// The tables and columns a SQL expression reads (`UPPER(caption) || title` → no table,
/// `caption`, `title`; a sub-query adds its tables), lower-cased; `None` when the text is not
/// one expression in `dialect`. Front ends use it for the raw SQL fragments of their data
/// statements (Laravel's `DB::raw`).
pub fn expression_reads(expr: &str, dialect: Dialect) -> Option<(Vec<String>, Vec<String>)> {
    let parsed = match dialect {
        Dialect::Sqlite => Parser::new(&SQLiteDialect {}).try_with_sql(expr),
        Dialect::Postgres => Parser::new(&PostgreSqlDialect {}).try_with_sql(expr),
        Dialect::Mysql => Parser::new(&MySqlDialect {}).try_with_sql(expr),
    };
    let mut parser = parsed.ok()?;
    let e = parser.parse_expr().ok()?;
    // Trailing text means the fragment was not one expression: not guessed at.
    if parser.peek_token().token != sqlparser::tokenizer::Token::EOF {
        return None;
    }
    let mut tables = Vec::new();
    let _ = ast::visit_relations(&e, |r| {
        let n = name(r);
        if !tables.contains(&n) {
            tables.push(n);
        }
        ControlFlow::<()>::Continue(())
    });
    let mut columns = Vec::new();
    let _ = ast::visit_expressions(&e, |e| {
        if let Some(c) = expr_column(e) {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
        ControlFlow::<()>::Continue(())
    });
    Some((tables, columns))
}

/// Words that may follow CREATE / ALTER / DROP in some dialect keel supports.
const OBJECT_WORDS: &[&str] = &[
    "ACCESS",
    "AGGREGATE",
    "ALGORITHM",
    "CAST",
    "COLLATION",
    "CONSTRAINT",
    "CONVERSION",
    "DATABASE",
    "DEFAULT",
    "DEFINER",
    "DOMAIN",
    "EVENT",
    "EXTENSION",
    "FOREIGN",
    "FULLTEXT",
    "FUNCTION",
    "GLOBAL",
    "GROUP",
    "IF",
    "INDEX",
    "LANGUAGE",
    "LOCAL",
    "LOGFILE",
    "MATERIALIZED",
    "ONLINE",
    "OPERATOR",
    "OR",
    "OWNED",
    "POLICY",
    "PROCEDURE",
    "PUBLICATION",
    "RECURSIVE",
    "ROLE",
    "ROUTINE",
    "RULE",
    "SCHEMA",
    "SECURITY",
    "SEQUENCE",
    "SERVER",
    "SPATIAL",
    "SQL",
    "STATISTICS",
    "SUBSCRIPTION",
    "SYSTEM",
    "TABLE",
    "TABLESPACE",
    "TEMP",
    "TEMPORARY",
    "TEXT",
    "TRANSFORM",
    "TRIGGER",
    "TYPE",
    "UNIQUE",
    "UNLOGGED",
    "USER",
    "VIEW",
    "VIRTUAL",
];

/// Whether a statement that failed to parse is not SQL at all (`CREATE TABEL …`, `SELEKT`),
/// rather than real SQL that sqlparser does not support (a MySQL function body, `DO $$…$$`).
fn not_sql(text: &str) -> bool {
    let mut words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase);
    let first = words.next().unwrap_or_default();
    if !KNOWN_STARTS.contains(&first.as_str()) {
        return true;
    }
    if matches!(first.as_str(), "CREATE" | "ALTER" | "DROP") {
        let second = words.next().unwrap_or_default();
        return !OBJECT_WORDS.contains(&second.as_str());
    }
    false
}

fn error_position(message: &str) -> Option<(usize, usize)> {
    let l = message.rfind("Line: ")?;
    let rest = &message[l + 6..];
    let line: usize = rest.split(',').next()?.trim().parse().ok()?;
    let c = rest.find("Column: ")?;
    let column: usize = rest[c + 8..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((line.max(1), column.max(1)))
}

fn clean_message(message: &str) -> String {
    let m = message.trim_start_matches("sql parser error: ");
    match m.rfind(" at Line: ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

fn first_words(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .take(2)
        .map(|w| {
            w.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
                .to_ascii_uppercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

fn is_ddl_word(what: &str) -> bool {
    let first = what.split(' ').next().unwrap_or("");
    matches!(
        first,
        "CREATE" | "ALTER" | "DROP" | "RENAME" | "COMMENT" | "GRANT" | "REVOKE" | "TRUNCATE"
    )
}

/// The last part of a name, lower-cased: `public."Users"` → `users`.
pub(crate) fn name(o: &ObjectName) -> String {
    match o.0.last() {
        Some(ObjectNamePart::Identifier(i)) => i.value.to_lowercase(),
        Some(other) => other.to_string().to_lowercase(),
        None => String::new(),
    }
}

fn ident(i: &ast::Ident) -> String {
    i.value.to_lowercase()
}

fn expr_column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(ident(i)),
        Expr::CompoundIdentifier(v) => v.last().map(ident),
        _ => None,
    }
}

const VOLATILE: &[&str] = &[
    "random",
    "rand",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuid",
    "uuid_short",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "sysdate",
    "randomblob",
];

/// Whether an expression calls a function whose value changes per row.
pub(crate) fn is_volatile(e: &Expr) -> bool {
    let mut volatile = false;
    let _ = ast::visit_expressions(e, |x| {
        if let Expr::Function(f) = x {
            let n = name(&f.name);
            if VOLATILE.contains(&n.as_str()) {
                volatile = true;
            }
        }
        ControlFlow::<()>::Continue(())
    });
    volatile
}

fn column_spec(c: &ast::ColumnDef) -> (ColumnSpec, Option<ForeignKey>) {
    let data_type = c.data_type.to_string().to_lowercase();
    let mut spec = ColumnSpec {
        name: ident(&c.name),
        generated: data_type.contains("serial"),
        data_type,
        ..ColumnSpec::default()
    };
    let mut fk = None;
    for o in &c.options {
        match &o.option {
            ColumnOption::NotNull => spec.not_null = true,
            ColumnOption::Default(e) => {
                spec.volatile_default = is_volatile(e);
                spec.default = Some(e.to_string());
            }
            ColumnOption::PrimaryKey(_) => {
                spec.primary_key = true;
                spec.not_null = true;
            }
            ColumnOption::Unique(_) => spec.unique = true,
            ColumnOption::ForeignKey(f) => {
                fk = Some(ForeignKey {
                    columns: vec![spec.name.clone()],
                    ref_table: name(&f.foreign_table),
                });
            }
            ColumnOption::Generated { .. } | ColumnOption::Identity(_) => spec.generated = true,
            ColumnOption::DialectSpecific(tokens) => {
                let t = tokens
                    .iter()
                    .map(ToString::to_string)
                    .collect::<String>()
                    .to_ascii_uppercase();
                if t.contains("AUTO_INCREMENT") || t.contains("AUTOINCREMENT") {
                    spec.generated = true;
                }
            }
            _ => {}
        }
    }
    (spec, fk)
}

fn index_columns(cols: &[ast::IndexColumn]) -> Vec<String> {
    cols.iter()
        .filter_map(|c| expr_column(&c.column.expr))
        .collect()
}

fn reads_of(s: &Statement) -> (Vec<String>, Vec<String>) {
    let mut tables = Vec::new();
    let _ = ast::visit_relations(s, |r| {
        let n = name(r);
        if !tables.contains(&n) {
            tables.push(n);
        }
        ControlFlow::<()>::Continue(())
    });
    let mut columns = Vec::new();
    let _ = ast::visit_expressions(s, |e| {
        if let Some(c) = expr_column(e) {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
        ControlFlow::<()>::Continue(())
    });
    (tables, columns)
}

fn has_wildcard(q: &ast::Query) -> bool {
    match q.body.as_ref() {
        SetExpr::Select(s) => s.projection.iter().any(|p| {
            matches!(
                p,
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
            )
        }),
        _ => false,
    }
}

fn factor_name(f: &TableFactor) -> Option<String> {
    match f {
        TableFactor::Table { name: n, .. } => Some(name(n)),
        _ => None,
    }
}

fn lower(s: &Statement, text: &str) -> Vec<OpKind> {
    match s {
        Statement::CreateTable(ct) => {
            let table = name(&ct.name);
            let mut columns = Vec::new();
            let mut foreign_keys = Vec::new();
            let mut indexed = Vec::new();
            for c in &ct.columns {
                let (spec, fk) = column_spec(c);
                if spec.primary_key || spec.unique {
                    indexed.push(vec![spec.name.clone()]);
                }
                foreign_keys.extend(fk);
                columns.push(spec);
            }
            for c in &ct.constraints {
                match c {
                    TableConstraint::ForeignKey(f) => foreign_keys.push(ForeignKey {
                        columns: f.columns.iter().map(ident).collect(),
                        ref_table: name(&f.foreign_table),
                    }),
                    TableConstraint::PrimaryKey(p) => {
                        let cols = index_columns(&p.columns);
                        for col in &mut columns {
                            if cols.contains(&col.name) {
                                col.not_null = true;
                                // A part of a composite key is not "the" key.
                                col.primary_key = cols.len() == 1;
                            }
                        }
                        indexed.push(cols);
                    }
                    TableConstraint::Unique(u) => indexed.push(index_columns(&u.columns)),
                    TableConstraint::Index(i) => indexed.push(index_columns(&i.columns)),
                    _ => {}
                }
            }
            let reads = ct.query.as_ref().map(|_| reads_of(s).0).unwrap_or_default();
            let reads = reads.into_iter().filter(|t| *t != table).collect();
            vec![OpKind::CreateTable {
                table,
                if_not_exists: ct.if_not_exists,
                columns,
                foreign_keys,
                indexed,
                reads,
            }]
        }
        Statement::AlterTable(at) => {
            let table = name(&at.name);
            at.operations.iter().map(|o| alter_op(&table, o)).collect()
        }
        Statement::Drop {
            object_type,
            if_exists,
            names,
            cascade,
            ..
        } => match object_type {
            ObjectType::Table => names
                .iter()
                .map(|n| OpKind::DropTable {
                    table: name(n),
                    if_exists: *if_exists,
                })
                .collect(),
            ObjectType::Index => names
                .iter()
                .map(|n| OpKind::DropIndex {
                    name: name(n),
                    concurrently: text.to_ascii_uppercase().contains("CONCURRENTLY"),
                    if_exists: *if_exists,
                })
                .collect(),
            ObjectType::View
            | ObjectType::MaterializedView
            | ObjectType::Schema
            | ObjectType::Database
            | ObjectType::Sequence
            | ObjectType::Type => drop_objects(
                &other_object_word(object_type),
                names.iter().map(name),
                *cascade,
            ),
            other => vec![OpKind::Other {
                what: format!("DROP {}", other.to_string().to_uppercase()),
                ddl: true,
            }],
        },
        Statement::DropFunction(f) => drop_objects(
            "FUNCTION",
            f.func_desc.iter().map(|d| name(&d.name)),
            f.drop_behavior == Some(DropBehavior::Cascade),
        ),
        Statement::DropProcedure {
            proc_desc,
            drop_behavior,
            ..
        } => drop_objects(
            "PROCEDURE",
            proc_desc.iter().map(|d| name(&d.name)),
            *drop_behavior == Some(DropBehavior::Cascade),
        ),
        Statement::DropDomain(d) => drop_objects(
            "DOMAIN",
            std::iter::once(name(&d.name)),
            d.drop_behavior == Some(DropBehavior::Cascade),
        ),
        Statement::DropExtension(e) => drop_objects(
            "EXTENSION",
            e.names.iter().map(ident),
            e.cascade_or_restrict == Some(ast::ReferentialAction::Cascade),
        ),
        Statement::CreateView(v) => create_object(
            if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            },
            name(&v.name),
        ),
        Statement::CreateFunction(f) => create_object("FUNCTION", name(&f.name)),
        Statement::CreateProcedure { name: n, .. } => create_object("PROCEDURE", name(n)),
        Statement::CreateSequence { name: n, .. } => create_object("SEQUENCE", name(n)),
        Statement::CreateType { name: n, .. } => create_object("TYPE", name(n)),
        Statement::CreateDomain(d) => vec![OpKind::CreateObject {
            object: "DOMAIN".into(),
            name: name(&d.name),
            checked: d
                .constraints
                .iter()
                .any(|c| matches!(c, TableConstraint::Check(_))),
        }],
        Statement::AlterType(at) => match &at.operation {
            ast::AlterTypeOperation::AddValue(v) => vec![OpKind::AddEnumValue {
                type_name: name(&at.name),
                value: v.value.value.clone(),
                positioned: v.position.is_some(),
            }],
            ast::AlterTypeOperation::RenameValue(r) => vec![OpKind::RenameObject {
                object: "ENUM VALUE".into(),
                from: format!("{}.{}", name(&at.name), r.from.value),
                to: format!("{}.{}", name(&at.name), r.to.value),
            }],
            ast::AlterTypeOperation::Rename(r) => vec![OpKind::RenameObject {
                object: "TYPE".into(),
                from: name(&at.name),
                to: ident(&r.new_name),
            }],
        },
        Statement::CreateExtension(e) => create_object("EXTENSION", ident(&e.name)),
        Statement::CreateSchema {
            schema_name: ast::SchemaName::Simple(n) | ast::SchemaName::NamedAuthorization(n, _),
            ..
        } => create_object("SCHEMA", name(n)),
        Statement::Set(ast::Set::SingleAssignment { variable, .. }) => vec![OpKind::Setting {
            name: name(variable),
        }],
        Statement::CreateIndex(ci) => vec![OpKind::CreateIndex {
            name: ci.name.as_ref().map(name),
            table: name(&ci.table_name),
            columns: index_columns(&ci.columns),
            unique: ci.unique,
            concurrently: ci.concurrently,
            if_not_exists: ci.if_not_exists,
        }],
        Statement::RenameTable(rs) => rs
            .iter()
            .map(|r| OpKind::RenameTable {
                from: name(&r.old_name),
                to: name(&r.new_name),
            })
            .collect(),
        Statement::Insert(ins) => {
            let writes = match &ins.table {
                TableObject::TableName(n) => name(n),
                other => other.to_string().to_lowercase(),
            };
            let (mut reads, mut read_columns) = ins
                .source
                .as_ref()
                .map(|q| {
                    let (t, c) = reads_of(&Statement::Query(q.clone()));
                    (t, c)
                })
                .unwrap_or_default();
            if ins.source.as_ref().is_some_and(|q| has_wildcard(q)) {
                read_columns.push("*".into());
            }
            reads.retain(|t| *t != writes || ins.source.is_some());
            vec![OpKind::Data {
                verb: DataVerb::Insert,
                writes,
                reads,
                read_columns,
                written_columns: ins.columns.iter().map(name).collect(),
            }]
        }
        Statement::Update(u) => {
            let writes = factor_name(&u.table.relation).unwrap_or_default();
            let (reads, mut read_columns) = reads_of(s);
            let mut written_columns = Vec::new();
            for a in &u.assignments {
                match &a.target {
                    AssignmentTarget::ColumnName(n) => written_columns.push(name(n)),
                    AssignmentTarget::Tuple(ns) => written_columns.extend(ns.iter().map(name)),
                }
            }
            for a in &u.assignments {
                if let AssignmentTarget::ColumnName(n) = &a.target {
                    let c = name(n);
                    // An assignment target is written, not read.
                    if !u.assignments.iter().any(|b| mentions(&b.value, &c)) {
                        read_columns.retain(|x| *x != c);
                    }
                }
            }
            vec![OpKind::Data {
                verb: DataVerb::Update,
                writes,
                reads,
                read_columns,
                written_columns,
            }]
        }
        Statement::Delete(d) => {
            let from = match &d.from {
                FromTable::WithFromKeyword(v) | FromTable::WithoutKeyword(v) => v,
            };
            let writes = d
                .tables
                .first()
                .map(name)
                .or_else(|| from.first().and_then(|t| factor_name(&t.relation)))
                .unwrap_or_default();
            let (reads, read_columns) = reads_of(s);
            vec![OpKind::Data {
                verb: DataVerb::Delete,
                writes,
                reads,
                read_columns,
                written_columns: vec![],
            }]
        }
        Statement::Truncate(t) => t
            .table_names
            .iter()
            .map(|n| OpKind::Data {
                verb: DataVerb::Truncate {
                    cascade: t.cascade == Some(ast::CascadeOption::Cascade),
                },
                writes: name(&n.name),
                reads: vec![],
                read_columns: vec![],
                written_columns: vec![],
            })
            .collect(),
        Statement::StartTransaction { .. } => vec![OpKind::Transaction(TxKind::Begin)],
        Statement::Commit { .. } => vec![OpKind::Transaction(TxKind::Commit)],
        Statement::Rollback {
            savepoint: None, ..
        } => {
            vec![OpKind::Transaction(TxKind::Rollback)]
        }
        _ => shallow::recognize(text).unwrap_or_else(|| {
            let what = first_words(text);
            let ddl = is_ddl_word(&what);
            vec![OpKind::Other { what, ddl }]
        }),
    }
}

fn other_object_word(t: &ObjectType) -> String {
    match t {
        ObjectType::MaterializedView => "MATERIALIZED VIEW".to_string(),
        other => other.to_string().to_uppercase(),
    }
}

fn drop_objects(object: &str, names: impl Iterator<Item = String>, cascade: bool) -> Vec<OpKind> {
    names
        .map(|name| OpKind::DropObject {
            object: object.to_string(),
            name,
            cascade,
        })
        .collect()
}

fn create_object(object: &str, name: String) -> Vec<OpKind> {
    vec![OpKind::CreateObject {
        object: object.to_string(),
        name,
        checked: false,
    }]
}

fn constraint_name(c: &TableConstraint) -> Option<String> {
    let n = match c {
        TableConstraint::Unique(u) => &u.name,
        TableConstraint::PrimaryKey(p) => &p.name,
        TableConstraint::ForeignKey(f) => &f.name,
        TableConstraint::Check(k) => &k.name,
        TableConstraint::PrimaryKeyUsingIndex(u) | TableConstraint::UniqueUsingIndex(u) => &u.name,
        TableConstraint::Exclude(e) => &e.name,
        TableConstraint::Index(_) | TableConstraint::FulltextOrSpatial(_) => &None,
    };
    n.as_ref().map(ident)
}

fn mentions(e: &Expr, column: &str) -> bool {
    let mut found = false;
    let _ = ast::visit_expressions(e, |x| {
        if expr_column(x).as_deref() == Some(column) {
            found = true;
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

fn alter_op(table: &str, o: &AlterTableOperation) -> OpKind {
    let table = table.to_string();
    match o {
        AlterTableOperation::AddColumn {
            if_not_exists,
            column_def,
            ..
        } => {
            let (column, foreign_key) = column_spec(column_def);
            OpKind::AddColumn {
                table,
                column,
                if_not_exists: *if_not_exists,
                foreign_key,
            }
        }
        AlterTableOperation::DropColumn {
            column_names,
            if_exists,
            ..
        } => OpKind::DropColumn {
            table,
            column: column_names.first().map(ident).unwrap_or_default(),
            if_exists: *if_exists,
        },
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => OpKind::RenameColumn {
            table,
            from: ident(old_column_name),
            to: ident(new_column_name),
        },
        AlterTableOperation::RenameTable { table_name } => {
            let to = match table_name {
                ast::RenameTableNameKind::As(n) | ast::RenameTableNameKind::To(n) => name(n),
            };
            OpKind::RenameTable { from: table, to }
        }
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            ..
        } => {
            if ident(old_name) == ident(new_name) {
                OpKind::AlterColumnType {
                    table,
                    column: ident(old_name),
                    new_type: data_type.to_string().to_lowercase(),
                }
            } else {
                OpKind::RenameColumn {
                    table,
                    from: ident(old_name),
                    to: ident(new_name),
                }
            }
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            ..
        } => OpKind::AlterColumnType {
            table,
            column: ident(col_name),
            new_type: data_type.to_string().to_lowercase(),
        },
        AlterTableOperation::AlterColumn { column_name, op } => {
            let column = ident(column_name);
            match op {
                AlterColumnOperation::SetNotNull => OpKind::SetNullability {
                    table,
                    column,
                    not_null: true,
                },
                AlterColumnOperation::DropNotNull => OpKind::SetNullability {
                    table,
                    column,
                    not_null: false,
                },
                AlterColumnOperation::SetDefault { value } => OpKind::SetDefault {
                    table,
                    column,
                    default: Some(value.to_string()),
                },
                AlterColumnOperation::DropDefault => OpKind::SetDefault {
                    table,
                    column,
                    default: None,
                },
                AlterColumnOperation::SetDataType { data_type, .. } => OpKind::AlterColumnType {
                    table,
                    column,
                    new_type: data_type.to_string().to_lowercase(),
                },
                AlterColumnOperation::AddGenerated { generated_as, .. } => {
                    OpKind::ColumnGeneration {
                        table,
                        column,
                        change: GenerationChange::AddIdentity {
                            // PostgreSQL's default for ADD GENERATED … AS IDENTITY is ALWAYS.
                            always: !matches!(generated_as, Some(ast::GeneratedAs::ByDefault)),
                        },
                    }
                }
            }
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => match constraint {
            TableConstraint::ForeignKey(f) => OpKind::AddForeignKey {
                table,
                name: constraint_name(constraint),
                foreign_key: ForeignKey {
                    columns: f.columns.iter().map(ident).collect(),
                    ref_table: name(&f.foreign_table),
                },
                not_valid: *not_valid,
            },
            TableConstraint::Unique(u) => OpKind::AddConstraint {
                table,
                name: constraint_name(constraint),
                kind: ConstraintKind::Unique,
                columns: index_columns(&u.columns),
                not_valid: *not_valid,
            },
            TableConstraint::PrimaryKey(p) => OpKind::AddConstraint {
                table,
                name: constraint_name(constraint),
                kind: ConstraintKind::PrimaryKey,
                columns: index_columns(&p.columns),
                not_valid: *not_valid,
            },
            TableConstraint::Check(_) => OpKind::AddConstraint {
                table,
                name: constraint_name(constraint),
                kind: ConstraintKind::Check,
                columns: vec![],
                not_valid: *not_valid,
            },
            _ => OpKind::AddConstraint {
                table,
                name: constraint_name(constraint),
                kind: ConstraintKind::Other,
                columns: vec![],
                not_valid: *not_valid,
            },
        },
        AlterTableOperation::DropConstraint { name: n, .. } => OpKind::DropConstraint {
            table,
            name: ident(n),
        },
        AlterTableOperation::DropForeignKey { name: n, .. } => OpKind::DropConstraint {
            table,
            name: ident(n),
        },
        _ => OpKind::Other {
            what: "ALTER TABLE".into(),
            ddl: true,
        },
    }
}
