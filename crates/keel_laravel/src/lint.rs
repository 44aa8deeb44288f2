//! Laravel migrations for keel's linter: the one place where [`crate::ir`] becomes
//! `keel_lint`'s operations, so every lint rule runs on PHP migrations unchanged.
//!
//! The conversion lives here, not in keel_lint, so that the linter does not depend on
//! tree-sitter: keel_laravel depends on keel_lint (for its operation types and its SQL
//! parser), never the other way round. keel_lint reaches this code through its
//! [`keel_lint::Frontend`] trait, which the CLI hands to [`keel_lint::lint_paths_with`].
//!
//! Spans are PHP lines: each op points at the line of the call that declared it (the column
//! for `$table->foreignId(…)`, the `Schema::create` for the table). The SQL of
//! `DB::statement` is parsed by keel_lint's own parser, its lines mapped back into the file.
//! Both branches of a `Schema::hasTable`/`hasColumn` guard are linted, since either may run.
//! What the reader could not follow becomes an `opaque-migration` finding, never a guess.

use std::path::Path;

use keel_lint::ir::{ColumnSpec, ConstraintKind, DataVerb, ForeignKey, Op as LintOp, OpKind, Span};
use keel_lint::{ForeignMigration, Frontend, ParsedScript, StatementInfo};
use keel_sql::Dialect;

use crate::compile::{default_sql, Compiler, ConnectionConfig};
use crate::ir::{Blueprint, Column, Command, DataKind, IndexKind, Located, Op};
use crate::{php, LaravelError};

/// Laravel's PHP migrations as a lint front end.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhpFrontend;

impl Frontend for PhpFrontend {
    /// Laravel's migrator globs `*_*.php`.
    fn claims(&self, file_name: &str) -> bool {
        file_name.ends_with(".php") && file_name.contains('_') && !file_name.starts_with('.')
    }

    fn read(&self, path: &Path, text: &str, dialect: Dialect) -> ForeignMigration {
        migration(path, text, dialect)
    }
}

/// The version of a Laravel file name: its `YYYY_MM_DD_HHMMSS` prefix, which orders the
/// migrations (the whole name when it has none).
pub fn version(path: &Path) -> String {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let parts: Vec<&str> = stem.splitn(5, '_').collect();
    if parts.len() >= 4
        && parts[..4]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        parts[..4].join("_")
    } else {
        stem
    }
}

/// Reads one PHP migration into the linter's operations.
pub fn migration(path: &Path, text: &str, dialect: Dialect) -> ForeignMigration {
    let id = version(path);
    let ir = match php::read_migration(path, text) {
        Ok(ir) => ir,
        Err(e) => {
            let (line, reason) = match &e {
                LaravelError::Syntax { line, column, near, .. } => (
                    *line,
                    format!("PHP syntax error at column {column} near `{near}` (`php -l` shows PHP's own message)"),
                ),
                other => (1, other.to_string()),
            };
            let lines = Lines::new(text);
            let span = lines.span(line);
            // The file is unreadable, not lacking a down(): a placeholder statement keeps
            // `missing-down` from adding a second, misleading finding.
            let placeholder = ParsedScript {
                statements: vec![StatementInfo {
                    span,
                    text: String::new(),
                }],
                ..ParsedScript::default()
            };
            return ForeignMigration {
                id,
                up: ParsedScript::default(),
                down: Ok(placeholder),
                opaque: vec![(span, reason)],
                allows_loss: php::directives(text).allows_loss,
            };
        }
    };
    let lines = Lines::new(text);
    let mut up = Lower::new(&lines, dialect);
    up.steps(&ir.up);
    let mut opaque = up.opaque;
    opaque.extend(
        ir.opaque
            .iter()
            .map(|o| (lines.span(o.line), o.reason.clone())),
    );
    let down_line = lines.method_line("down");
    let down = match &ir.down {
        None => Err((
            format!("migration {id} has no down() method"),
            lines.span(lines.class_line()),
        )),
        Some(steps) if steps.is_empty() && ir.down_opaque.is_empty() => Err((
            format!("the down() method of migration {id} is empty"),
            lines.span(down_line.unwrap_or(1)),
        )),
        Some(steps) => {
            let mut down = Lower::new(&lines, dialect);
            down.steps(steps);
            let mut parsed = down.finish();
            // A down() keel cannot follow is not empty: it does something.
            if parsed.statements.is_empty() {
                parsed.statements.push(StatementInfo {
                    span: lines.span(down_line.unwrap_or(1)),
                    text: String::new(),
                });
            }
            Ok(parsed)
        }
    };
    opaque.sort_by_key(|(s, _)| (s.line, s.column));
    ForeignMigration {
        id,
        up: ParsedScript {
            ops: up.ops,
            statements: up.statements,
            errors: up.errors,
        },
        down,
        opaque,
        allows_loss: php::directives(text).allows_loss,
    }
}

/// The file's lines, for spans.
struct Lines<'t> {
    lines: Vec<&'t str>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            lines: text.lines().collect(),
        }
    }

    /// A line from its first non-blank character to its end.
    fn span(&self, line: usize) -> Span {
        let text = self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
        let indent = text.chars().take_while(|c| c.is_whitespace()).count();
        let len = text.trim_end().chars().count();
        Span {
            line,
            column: indent + 1,
            end_line: line,
            end_column: len.max(indent) + 1,
        }
    }

    /// The line of `function NAME(`.
    fn method_line(&self, name: &str) -> Option<usize> {
        let needle = format!("function {name}");
        self.lines
            .iter()
            .position(|l| {
                l.find(&needle)
                    .is_some_and(|i| l[i + needle.len()..].trim_start().starts_with('('))
            })
            .map(|i| i + 1)
    }

    /// The line that declares the migration class (`extends Migration`), else 1.
    fn class_line(&self) -> usize {
        self.lines
            .iter()
            .position(|l| l.contains("extends Migration"))
            .map_or(1, |i| i + 1)
    }

    /// Where the text of a `DB::statement` string starts: the first line at or after the
    /// call whose text holds the SQL's first line, and the column there. `None` when the SQL
    /// is not written out literally on one line (escapes, concatenation).
    fn find_sql(&self, from: usize, sql: &str) -> Option<(usize, usize)> {
        let skipped = sql.lines().take_while(|l| l.trim().is_empty()).count();
        let first = sql.lines().nth(skipped)?;
        let first_trimmed = first.trim();
        for (i, l) in self
            .lines
            .iter()
            .enumerate()
            .skip(from.saturating_sub(1))
            .take(50)
        {
            if let Some(at) = l.find(first_trimmed) {
                let indent_in_sql = first.len() - first.trim_start().len();
                let column = l[..at].chars().count() + 1 - indent_in_sql.min(at);
                return Some((i + 1 - skipped, column));
            }
        }
        None
    }
}

/// Steps → ops, one "statement" per PHP line (what `// keel:ignore` covers).
struct Lower<'a, 't> {
    lines: &'a Lines<'t>,
    dialect: Dialect,
    types: Compiler,
    ops: Vec<LintOp>,
    statements: Vec<StatementInfo>,
    errors: Vec<keel_lint::SyntaxError>,
    opaque: Vec<(Span, String)>,
}

fn name(s: &str) -> String {
    s.rsplit('.').next().unwrap_or(s).to_lowercase()
}

fn names(list: &[String]) -> Vec<String> {
    list.iter().map(|s| name(s)).collect()
}

impl<'a, 't> Lower<'a, 't> {
    fn new(lines: &'a Lines<'t>, dialect: Dialect) -> Self {
        Self {
            lines,
            dialect,
            types: Compiler::new(dialect, ConnectionConfig::default()),
            ops: Vec::new(),
            statements: Vec::new(),
            errors: Vec::new(),
            opaque: Vec::new(),
        }
    }

    fn finish(self) -> ParsedScript {
        ParsedScript {
            ops: self.ops,
            statements: self.statements,
            errors: self.errors,
        }
    }

    /// The statement index for `line`, adding it when new.
    fn statement(&mut self, line: usize) -> usize {
        if let Some(i) = self.statements.iter().position(|s| s.span.line == line) {
            return i;
        }
        let span = self.lines.span(line);
        let text = self
            .lines
            .lines
            .get(line.wrapping_sub(1))
            .map_or(String::new(), |l| l.trim().to_string());
        self.statements.push(StatementInfo { span, text });
        self.statements.len() - 1
    }

    fn push(&mut self, line: usize, kind: OpKind) {
        let statement = self.statement(line);
        self.ops.push(LintOp {
            kind,
            span: self.lines.span(line),
            statement,
        });
    }

    fn steps(&mut self, steps: &[Located<Op>]) {
        for step in steps {
            self.step(&step.item, step.line);
        }
    }

    fn step(&mut self, op: &Op, line: usize) {
        match op {
            Op::Create(bp) => self.create(bp, line),
            Op::Table(bp) => self.table(bp),
            Op::Drop(t) => self.push(
                line,
                OpKind::DropTable {
                    table: name(t),
                    if_exists: false,
                },
            ),
            Op::DropIfExists(t) => self.push(
                line,
                OpKind::DropTable {
                    table: name(t),
                    if_exists: true,
                },
            ),
            Op::Rename { from, to } => self.push(
                line,
                OpKind::RenameTable {
                    from: name(from),
                    to: name(to),
                },
            ),
            Op::ForeignKeyChecks(_) => self.push(
                line,
                OpKind::Setting {
                    name: "foreign_key_checks".into(),
                },
            ),
            Op::Statement(sql) => self.statement_sql(sql, line),
            Op::Data {
                table,
                kind,
                columns,
                reads,
                raw,
            } => self.data(table, *kind, columns, reads, raw, line),
            // Either branch may run; keel does not know the database it will run against.
            Op::If {
                then, otherwise, ..
            } => {
                self.steps(then);
                self.steps(otherwise);
            }
        }
    }

    fn column_spec(&self, c: &Column) -> ColumnSpec {
        let default = if c.use_current {
            Some("CURRENT_TIMESTAMP".to_string())
        } else {
            c.default.as_ref().map(default_sql)
        };
        ColumnSpec {
            name: name(&c.name),
            data_type: self.types.type_sql(c).to_lowercase(),
            not_null: !c.nullable,
            default,
            volatile_default: false,
            unique: c.unique.is_some(),
            // Laravel makes every auto-increment column the primary key.
            primary_key: c.primary.is_some() || c.auto_increment,
            generated: c.auto_increment || c.stored_as.is_some() || c.virtual_as.is_some(),
        }
    }

    fn create(&mut self, bp: &Blueprint, line: usize) {
        let table = name(&bp.table);
        let columns: Vec<ColumnSpec> = bp
            .columns
            .iter()
            .filter(|c| !c.change)
            .map(|c| self.column_spec(c))
            .collect();
        let mut indexed: Vec<Vec<String>> = columns
            .iter()
            .filter(|c| c.primary_key || c.unique)
            .map(|c| vec![c.name.clone()])
            .collect();
        for cmd in &bp.commands {
            if let Command::Index {
                kind: IndexKind::Primary | IndexKind::Unique,
                columns,
                ..
            } = &cmd.item
            {
                indexed.push(names(columns));
            }
        }
        self.push(
            line,
            OpKind::CreateTable {
                table: table.clone(),
                if_not_exists: false,
                columns,
                foreign_keys: Vec::new(),
                indexed,
                reads: Vec::new(),
            },
        );
        for c in bp.columns.iter().filter(|c| !c.change) {
            if let Some(index) = &c.index {
                self.index(
                    &table,
                    index.clone(),
                    std::slice::from_ref(&c.name),
                    false,
                    c.line,
                );
            }
        }
        // Laravel sends foreign keys and plain indexes as statements of their own after the
        // CREATE TABLE; primary and unique keys are already in `indexed`.
        for cmd in &bp.commands {
            match &cmd.item {
                Command::Index {
                    kind: IndexKind::Primary | IndexKind::Unique,
                    ..
                } => {}
                other => self.command(&table, other, cmd.line),
            }
        }
    }

    fn table(&mut self, bp: &Blueprint) {
        let table = name(&bp.table);
        for c in &bp.columns {
            let column = name(&c.name);
            if c.change {
                let spec = self.column_spec(c);
                self.push(
                    c.line,
                    OpKind::AlterColumnType {
                        table: table.clone(),
                        column: column.clone(),
                        new_type: spec.data_type,
                    },
                );
                // change() applies the whole definition: without ->nullable() the column
                // becomes NOT NULL.
                self.push(
                    c.line,
                    OpKind::SetNullability {
                        table: table.clone(),
                        column: column.clone(),
                        not_null: !c.nullable,
                    },
                );
                if spec.default.is_some() {
                    self.push(
                        c.line,
                        OpKind::SetDefault {
                            table: table.clone(),
                            column,
                            default: spec.default,
                        },
                    );
                }
                continue;
            }
            let spec = self.column_spec(c);
            let unique = spec.unique;
            let primary = c.primary.is_some();
            self.push(
                c.line,
                OpKind::AddColumn {
                    table: table.clone(),
                    column: spec,
                    if_not_exists: false,
                    foreign_key: None,
                },
            );
            if unique {
                let given = c.unique.clone().flatten();
                self.index(&table, given, std::slice::from_ref(&c.name), true, c.line);
            }
            if primary {
                self.push(
                    c.line,
                    OpKind::AddConstraint {
                        table: table.clone(),
                        name: c.primary.clone().flatten(),
                        kind: ConstraintKind::PrimaryKey,
                        columns: vec![column.clone()],
                        not_valid: false,
                    },
                );
            }
            if let Some(index) = &c.index {
                self.index(
                    &table,
                    index.clone(),
                    std::slice::from_ref(&c.name),
                    false,
                    c.line,
                );
            }
        }
        for cmd in &bp.commands {
            self.command(&table, &cmd.item, cmd.line);
        }
    }

    /// An index Laravel creates, under `name_given` or the name Laravel generates.
    fn index(
        &mut self,
        table: &str,
        name_given: Option<String>,
        columns: &[String],
        unique: bool,
        line: usize,
    ) {
        let columns = names(columns);
        let index_name = name_given.unwrap_or_else(|| {
            php::index_name(table, &columns, if unique { "unique" } else { "index" })
        });
        // PostgreSQL's grammar adds a unique key as a constraint; the others as an index.
        if unique && self.dialect == Dialect::Postgres {
            self.push(
                line,
                OpKind::AddConstraint {
                    table: table.to_string(),
                    name: Some(index_name),
                    kind: ConstraintKind::Unique,
                    columns,
                    not_valid: false,
                },
            );
        } else {
            self.push(
                line,
                OpKind::CreateIndex {
                    name: Some(index_name),
                    table: table.to_string(),
                    columns,
                    unique,
                    concurrently: false,
                    if_not_exists: false,
                },
            );
        }
    }

    fn command(&mut self, table: &str, cmd: &Command, line: usize) {
        let t = table.to_string();
        match cmd {
            Command::DropColumn(columns) => {
                for c in columns {
                    self.push(
                        line,
                        OpKind::DropColumn {
                            table: t.clone(),
                            column: name(c),
                            if_exists: false,
                        },
                    );
                }
            }
            Command::RenameColumn { from, to } => self.push(
                line,
                OpKind::RenameColumn {
                    table: t,
                    from: name(from),
                    to: name(to),
                },
            ),
            Command::Index {
                kind,
                name: index_name,
                columns,
                ..
            } => match kind {
                IndexKind::Primary => self.push(
                    line,
                    OpKind::AddConstraint {
                        table: t,
                        name: Some(index_name.clone()),
                        kind: ConstraintKind::PrimaryKey,
                        columns: names(columns),
                        not_valid: false,
                    },
                ),
                IndexKind::Unique => {
                    self.index(table, Some(index_name.clone()), columns, true, line)
                }
                IndexKind::Index => {
                    self.index(table, Some(index_name.clone()), columns, false, line)
                }
            },
            Command::Foreign(fk) => self.push(
                line,
                OpKind::AddForeignKey {
                    table: t,
                    name: Some(fk.name.clone()),
                    foreign_key: ForeignKey {
                        columns: names(&fk.columns),
                        ref_table: name(&fk.on),
                    },
                    not_valid: false,
                },
            ),
            Command::DropPrimary(n) | Command::DropForeign(n) => self.push(
                line,
                OpKind::DropConstraint {
                    table: t,
                    name: n.to_lowercase(),
                },
            ),
            // PostgreSQL drops a unique key as the constraint it was added as.
            Command::DropUnique(n) if self.dialect == Dialect::Postgres => self.push(
                line,
                OpKind::DropConstraint {
                    table: t,
                    name: n.to_lowercase(),
                },
            ),
            Command::DropUnique(n) | Command::DropIndex(n) => self.push(
                line,
                OpKind::DropIndex {
                    name: n.to_lowercase(),
                    concurrently: false,
                    if_exists: false,
                },
            ),
            Command::RenameIndex { from, to } => self.push(
                line,
                OpKind::RenameObject {
                    object: "INDEX".into(),
                    from: from.to_lowercase(),
                    to: to.to_lowercase(),
                },
            ),
            Command::Drop => self.push(
                line,
                OpKind::DropTable {
                    table: t,
                    if_exists: false,
                },
            ),
            Command::DropIfExists => self.push(
                line,
                OpKind::DropTable {
                    table: t,
                    if_exists: true,
                },
            ),
            Command::Rename(to) => self.push(
                line,
                OpKind::RenameTable {
                    from: t,
                    to: name(to),
                },
            ),
        }
    }

    /// `DB::statement('…')`: parsed as SQL, with lines in the PHP file.
    fn statement_sql(&mut self, sql: &str, line: usize) {
        let (first_line, column) = self.lines.find_sql(line, sql).unwrap_or((line, 1));
        let parsed = keel_lint::parse_script(sql, first_line, self.dialect);
        // Columns on the string's first line are counted from the string, not the line.
        let shift = |mut s: Span| {
            if s.line == first_line {
                s.column += column - 1;
            }
            if s.end_line == first_line {
                s.end_column += column - 1;
            }
            s
        };
        let base = self.statements.len();
        for mut op in parsed.ops {
            op.span = shift(op.span);
            op.statement += base;
            self.ops.push(op);
        }
        for mut st in parsed.statements {
            st.span = shift(st.span);
            self.statements.push(st);
        }
        for mut e in parsed.errors {
            e.span = shift(e.span);
            self.errors.push(e);
        }
    }

    fn data(
        &mut self,
        table: &str,
        kind: DataKind,
        columns: &[String],
        reads: &[String],
        raw: &[String],
        line: usize,
    ) {
        let table = name(table);
        let mut read_tables = Vec::new();
        let mut read_columns = names(reads);
        for fragment in raw {
            match keel_lint::expression_reads(fragment, self.dialect) {
                Some((tables, cols)) => {
                    read_tables.extend(tables.iter().map(|t| name(t)));
                    read_columns.extend(cols);
                }
                None => self.opaque.push((
                    self.lines.span(line),
                    format!("the raw SQL `{fragment}` is not one SQL expression keel can read"),
                )),
            }
        }
        if !read_columns.is_empty() && !read_tables.contains(&table) {
            read_tables.insert(0, table.clone());
        }
        let mut seen = std::collections::HashSet::new();
        read_columns.retain(|c| seen.insert(c.clone()));
        self.push(
            line,
            OpKind::Data {
                verb: match kind {
                    DataKind::Insert => DataVerb::Insert,
                    DataKind::Update => DataVerb::Update,
                    DataKind::Delete => DataVerb::Delete,
                },
                writes: table,
                reads: read_tables,
                read_columns,
                written_columns: names(columns),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laravel_file_names_give_their_timestamp_as_version() {
        assert_eq!(
            version(Path::new("2024_01_15_093000_create_users_table.php")),
            "2024_01_15_093000"
        );
        assert_eq!(version(Path::new("add_users.php")), "add_users");
    }

    #[test]
    fn a_drop_column_and_a_foreign_id_point_at_their_own_lines() {
        let php = "<?php\n\nreturn new class extends Migration {\n    public function up()\n    {\n        Schema::table('photos', function (Blueprint $table) {\n            $table->foreignId('user_id')->constrained();\n            $table->dropColumn('caption');\n        });\n    }\n};\n";
        let m = migration(Path::new("2024_01_01_000000_x.php"), php, Dialect::Postgres);
        let at = |want: &str| {
            m.up.ops
                .iter()
                .find(|o| format!("{:?}", o.kind).starts_with(want))
                .map(|o| o.span.line)
        };
        assert_eq!(at("AddColumn"), Some(7));
        assert_eq!(at("AddForeignKey"), Some(7));
        assert_eq!(at("DropColumn"), Some(8));
        assert_eq!(
            m.down.unwrap_err().0,
            "migration 2024_01_01_000000 has no down() method"
        );
    }

    #[test]
    fn the_opaque_migration_docs_bad_example_fires_and_its_good_example_does_not() {
        let rule = keel_lint::rule("opaque-migration").unwrap();
        let wrap = |body: &str| {
            format!(
                "<?php\n\nreturn new class extends Migration\n{{\n    public function up()\n    {{\n{body}\n    }}\n\n    public function down()\n    {{\n        Schema::dropIfExists('users');\n    }}\n}};\n"
            )
        };
        let dir = tempfile::tempdir().unwrap();
        let fires = |body: &str| {
            let path = dir.path().join("2024_01_01_000000_example.php");
            std::fs::write(&path, wrap(body)).unwrap();
            let options = keel_lint::LintOptions::new(Dialect::Postgres);
            keel_lint::lint_paths_with(&[path], &options, &PhpFrontend)
                .unwrap()
                .findings
                .iter()
                .any(|f| f.rule == "opaque-migration")
        };
        assert!(fires(rule.doc.bad));
        assert!(!fires(rule.doc.good));
    }
}
