//! Reads a migration's PHP with tree-sitter-php into [`MigrationIr`], without running PHP.
//!
//! Only what can be known from the text is taken: literal arguments, the Schema and DB
//! facades, Blueprint calls on the closure's parameter, and `if` guards on
//! `Schema::hasTable`/`hasColumn`. Everything else becomes an [`Opaque`] with its line.

use std::path::{Path, PathBuf};

use keel_migrate::Directives;
use tree_sitter::{Node, Parser};

use crate::ir::{
    Blueprint, Column, Command, Cond, DataKind, Foreign, IndexKind, Lit, Located, MigrationIr, Op,
};
use crate::pluralize::plural;
use crate::{LaravelError, Opaque};

/// Parses `text` (the contents of `path`) into the steps of its `up()` and `down()`.
pub fn read_migration(path: &Path, text: &str) -> Result<MigrationIr, LaravelError> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_php::LANGUAGE_PHP.into())
        .expect("the bundled PHP grammar matches the tree-sitter version");
    let tree = parser
        .parse(text, None)
        .ok_or_else(|| LaravelError::NoMigration {
            path: path.to_path_buf(),
        })?;
    let root = tree.root_node();
    if root.has_error() {
        let bad = first_error(root).unwrap_or(root);
        let start = bad.start_position();
        let near: String = text
            .get(bad.start_byte()..)
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect::<String>()
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        return Err(LaravelError::Syntax {
            path: path.to_path_buf(),
            line: start.row + 1,
            column: start.column + 1,
            near: if near.is_empty() {
                "end of file".into()
            } else {
                near
            },
        });
    }
    let class_body = find_class_body(root).ok_or_else(|| LaravelError::NoMigration {
        path: path.to_path_buf(),
    })?;
    let mut reader = Reader {
        path: path.to_path_buf(),
        src: text,
        opaque: Vec::new(),
    };
    let mut ir = MigrationIr::default();
    let mut cursor = class_body.walk();
    for member in class_body.named_children(&mut cursor) {
        if member.kind() != "method_declaration" {
            continue;
        }
        let Some(name) = member.child_by_field_name("name") else {
            continue;
        };
        let Some(body) = member.child_by_field_name("body") else {
            continue;
        };
        match reader.text(name) {
            "up" => {
                ir.up = reader.block(body);
                ir.opaque.append(&mut reader.opaque);
            }
            "down" => {
                ir.down = Some(reader.block(body));
                ir.down_opaque.append(&mut reader.opaque);
            }
            _ => {}
        }
    }
    Ok(ir)
}

/// The `keel:` directives in the comments of a PHP migration, e.g.
/// `// keel:allows-loss photos.caption`. Any comment of the file counts: a PHP migration has
/// no leading comment block of its own the way an SQL script has, and the natural place for
/// the note is beside the call that drops the column. Text in strings never counts.
pub fn directives(text: &str) -> Directives {
    let mut found = Directives::default();
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_php::LANGUAGE_PHP.into())
        .expect("the bundled PHP grammar matches the tree-sitter version");
    let Some(tree) = parser.parse(text, None) else {
        return found;
    };
    let mut pending = vec![tree.root_node()];
    while let Some(node) = pending.pop() {
        if node.kind() == "comment" {
            let comment = text.get(node.byte_range()).unwrap_or_default();
            let body = comment
                .strip_prefix("//")
                .or_else(|| comment.strip_prefix('#'))
                .or_else(|| {
                    comment
                        .strip_prefix("/*")
                        .map(|c| c.strip_suffix("*/").unwrap_or(c))
                })
                .unwrap_or(comment);
            for line in body.lines() {
                let line = line.trim_start();
                found.read_comment(line.strip_prefix('*').unwrap_or(line));
            }
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        // Reversed onto the stack, so comments are read in file order.
        pending.extend(children.into_iter().rev());
    }
    found
}

fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|c| c.has_error() || c.is_missing())
        .find_map(first_error)
}

/// The body of the first class (anonymous or named) that has an `up` method.
fn find_class_body(node: Node<'_>) -> Option<Node<'_>> {
    if matches!(node.kind(), "anonymous_class" | "class_declaration") {
        if let Some(body) = node.child_by_field_name("body") {
            return Some(body);
        }
        let mut cursor = node.walk();
        let found = node
            .named_children(&mut cursor)
            .find(|c| c.kind() == "declaration_list");
        return found;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(find_class_body)
}

struct Call<'t> {
    name: String,
    args: Vec<Node<'t>>,
    line: usize,
}

struct Reader<'s> {
    path: PathBuf,
    src: &'s str,
    opaque: Vec<Opaque>,
}

type Steps = Vec<Located<Op>>;

impl<'s> Reader<'s> {
    fn text(&self, node: Node<'_>) -> &'s str {
        &self.src[node.byte_range()]
    }

    fn line(node: Node<'_>) -> usize {
        node.start_position().row + 1
    }

    fn opaque(&mut self, node: Node<'_>, reason: impl Into<String>) {
        self.opaque.push(Opaque {
            file: self.path.clone(),
            line: Self::line(node),
            reason: reason.into(),
        });
    }

    fn snippet(&self, node: Node<'_>) -> String {
        let text = self.text(node);
        let first = text.lines().next().unwrap_or_default().trim();
        if first.chars().count() > 60 {
            format!("{}…", first.chars().take(60).collect::<String>())
        } else {
            first.to_string()
        }
    }

    /// The statements of a method body or block.
    fn block(&mut self, node: Node<'_>) -> Steps {
        let mut cursor = node.walk();
        let statements: Vec<Node<'_>> = if node.kind() == "compound_statement" {
            node.named_children(&mut cursor).collect()
        } else {
            vec![node]
        };
        self.statements(&statements)
    }

    fn statements(&mut self, statements: &[Node<'_>]) -> Steps {
        let mut steps = Vec::new();
        for (i, stmt) in statements.iter().enumerate() {
            match stmt.kind() {
                "comment" | "empty_statement" => {}
                "return_statement" => {
                    if stmt.named_child_count() > 0 {
                        self.opaque(*stmt, "a return with a value is not followed statically");
                    }
                    return steps;
                }
                "compound_statement" => steps.extend(self.block(*stmt)),
                "expression_statement" => {
                    if let Some(expr) = stmt.named_child(0) {
                        if let Some(op) = self.expression(expr) {
                            steps.push(Located {
                                item: op,
                                line: Self::line(*stmt),
                            });
                        }
                    }
                }
                "if_statement" => {
                    let Some((cond, then, otherwise, returns)) = self.if_statement(*stmt) else {
                        continue;
                    };
                    if returns && otherwise.is_empty() {
                        // `if (guard) { …; return; }` — the rest of the method is the else branch.
                        let rest = self.statements(&statements[i + 1..]);
                        steps.push(Located {
                            item: Op::If {
                                cond,
                                then,
                                otherwise: rest,
                            },
                            line: Self::line(*stmt),
                        });
                        return steps;
                    }
                    steps.push(Located {
                        item: Op::If {
                            cond,
                            then,
                            otherwise,
                        },
                        line: Self::line(*stmt),
                    });
                }
                "foreach_statement" | "for_statement" | "while_statement" | "do_statement" => {
                    let reason = format!(
                        "a `{}` loop is not followed statically",
                        stmt.kind().trim_end_matches("_statement")
                    );
                    self.opaque(*stmt, reason);
                }
                other => {
                    let reason = format!(
                        "`{}` ({}) is not followed statically",
                        self.snippet(*stmt),
                        other.replace('_', " ")
                    );
                    self.opaque(*stmt, reason);
                }
            }
        }
        steps
    }

    /// `(cond, then, otherwise, then_ends_with_return)`
    fn if_statement(&mut self, node: Node<'_>) -> Option<(Cond, Steps, Steps, bool)> {
        let condition = node.child_by_field_name("condition")?;
        let cond = match self.condition(condition) {
            Ok(c) => c,
            Err(reason) => {
                self.opaque(node, reason);
                return None;
            }
        };
        let body = node.child_by_field_name("body")?;
        let returns = ends_with_return(body);
        let then = self.block(body);
        let mut otherwise = Vec::new();
        let mut cursor = node.walk();
        let alternatives: Vec<Node<'_>> = node
            .children_by_field_name("alternative", &mut cursor)
            .collect();
        // `else if` chains: each alternative is tried in order.
        let mut chain: Vec<(Option<Cond>, Steps, usize)> = Vec::new();
        for alt in alternatives {
            let line = Self::line(alt);
            match alt.kind() {
                "else_clause" => {
                    if let Some(b) = alt.child_by_field_name("body") {
                        chain.push((None, self.block(b), line));
                    }
                }
                "else_if_clause" => {
                    let Some(c) = alt.child_by_field_name("condition") else {
                        continue;
                    };
                    let c = match self.condition(c) {
                        Ok(c) => c,
                        Err(reason) => {
                            self.opaque(alt, reason);
                            return None;
                        }
                    };
                    let b = alt
                        .child_by_field_name("body")
                        .map(|b| self.block(b))
                        .unwrap_or_default();
                    chain.push((Some(c), b, line));
                }
                _ => {}
            }
        }
        while let Some((c, steps, line)) = chain.pop() {
            otherwise = match c {
                None => steps,
                Some(c) => vec![Located {
                    item: Op::If {
                        cond: c,
                        then: steps,
                        otherwise,
                    },
                    line,
                }],
            };
        }
        Some((cond, then, otherwise, returns))
    }

    fn condition(&mut self, node: Node<'_>) -> Result<Cond, String> {
        match node.kind() {
            "parenthesized_expression" => {
                let inner = node.named_child(0).ok_or("an empty condition")?;
                self.condition(inner)
            }
            "unary_op_expression" if self.text(node).trim_start().starts_with('!') => {
                let inner = node
                    .child_by_field_name("argument")
                    .or_else(|| node.named_child(0))
                    .ok_or("an empty condition")?;
                Ok(Cond::Not(Box::new(self.condition(inner)?)))
            }
            "binary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_ascii_lowercase())
                    .unwrap_or_default();
                let left = node.child_by_field_name("left").ok_or("a broken condition")?;
                let right = node
                    .child_by_field_name("right")
                    .ok_or("a broken condition")?;
                let (l, r) = (self.condition(left)?, self.condition(right)?);
                match op.as_str() {
                    "&&" | "and" => Ok(Cond::And(Box::new(l), Box::new(r))),
                    "||" | "or" => Ok(Cond::Or(Box::new(l), Box::new(r))),
                    other => Err(format!(
                        "the condition operator `{other}` is not followed statically"
                    )),
                }
            }
            "boolean" => Ok(Cond::Lit(self.text(node).eq_ignore_ascii_case("true"))),
            "scoped_call_expression" => {
                let (class, method) = self.scoped_names(node);
                let args = self.args(node);
                if class != "Schema" {
                    return Err(format!(
                        "the condition `{}` is not followed statically; keel follows Schema::hasTable and Schema::hasColumn",
                        self.snippet(node)
                    ));
                }
                let lits: Vec<Lit> = args
                    .iter()
                    .map(|a| self.lit(*a))
                    .collect::<Result<_, _>>()?;
                let table = match lits.first() {
                    Some(Lit::Str(t)) => t.clone(),
                    _ => return Err("Schema::hasTable needs a literal table name".into()),
                };
                match method.as_str() {
                    "hasTable" => Ok(Cond::HasTable(table)),
                    "hasColumn" | "hasColumns" => {
                        let columns = lits
                            .get(1)
                            .and_then(Lit::strings)
                            .ok_or("Schema::hasColumn needs literal column names")?;
                        Ok(Cond::HasColumns(table, columns))
                    }
                    other => Err(format!(
                        "the condition Schema::{other} is not followed statically"
                    )),
                }
            }
            _ => Err(format!(
                "the condition `{}` is not followed statically; keel follows Schema::hasTable and Schema::hasColumn",
                self.snippet(node)
            )),
        }
    }

    fn scoped_names(&self, node: Node<'_>) -> (String, String) {
        let scope = node
            .child_by_field_name("scope")
            .map(|s| self.text(s))
            .unwrap_or_default();
        let class = scope.rsplit('\\').next().unwrap_or(scope).to_string();
        let method = node
            .child_by_field_name("name")
            .map(|s| self.text(s).to_string())
            .unwrap_or_default();
        (class, method)
    }

    fn args<'t>(&self, call: Node<'t>) -> Vec<Node<'t>> {
        let Some(arguments) = call.child_by_field_name("arguments") else {
            return Vec::new();
        };
        let mut cursor = arguments.walk();
        arguments
            .named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .collect()
    }

    /// A top-level expression statement of `up()`/`down()`.
    fn expression(&mut self, node: Node<'_>) -> Option<Op> {
        match node.kind() {
            "scoped_call_expression" => self.facade_call(node),
            "member_call_expression" => {
                let (root, calls) = self.chain(node);
                if root.kind() == "scoped_call_expression" {
                    let (class, method) = self.scoped_names(root);
                    if class == "DB" && method == "table" {
                        return self.data_call(root, &calls, node);
                    }
                }
                self.opaque(
                    node,
                    format!("`{}` is not followed statically", self.snippet(node)),
                );
                None
            }
            _ => {
                self.opaque(
                    node,
                    format!("`{}` is not followed statically", self.snippet(node)),
                );
                None
            }
        }
    }

    fn facade_call(&mut self, node: Node<'_>) -> Option<Op> {
        let (class, method) = self.scoped_names(node);
        let args = self.args(node);
        let lit = |r: &mut Self, i: usize| -> Option<Lit> {
            match args.get(i).map(|a| r.lit(*a)) {
                Some(Ok(l)) => Some(l),
                Some(Err(reason)) => {
                    r.opaque(node, reason);
                    None
                }
                None => None,
            }
        };
        let string = |r: &mut Self, i: usize, what: &str| -> Option<String> {
            match args.get(i).map(|a| r.lit(*a)) {
                Some(Ok(Lit::Str(s))) => Some(s),
                // Already reported with its own reason.
                Some(Err(reason)) => {
                    r.opaque(node, reason);
                    None
                }
                Some(Ok(_)) | None => {
                    r.opaque(
                        node,
                        format!("{class}::{method} needs a literal {what} keel can read"),
                    );
                    None
                }
            }
        };
        match (class.as_str(), method.as_str()) {
            ("Schema", "create") | ("Schema", "table") => {
                let table = string(self, 0, "table name")?;
                let closure = args.get(1).and_then(|a| a.named_child(0));
                let mut bp = Blueprint {
                    table,
                    creating: method == "create",
                    ..Blueprint::default()
                };
                match closure {
                    Some(c) if matches!(c.kind(), "anonymous_function" | "arrow_function") => {
                        self.blueprint_closure(c, &mut bp);
                    }
                    _ => {
                        self.opaque(
                            node,
                            format!(
                                "Schema::{method} needs a closure written in place; keel cannot follow one passed by variable"
                            ),
                        );
                        return None;
                    }
                }
                Some(if bp.creating {
                    Op::Create(bp)
                } else {
                    Op::Table(bp)
                })
            }
            ("Schema", "drop") => Some(Op::Drop(string(self, 0, "table name")?)),
            ("Schema", "dropIfExists") => Some(Op::DropIfExists(string(self, 0, "table name")?)),
            ("Schema", "rename") => {
                let from = string(self, 0, "table name")?;
                let to = string(self, 1, "table name")?;
                Some(Op::Rename { from, to })
            }
            ("Schema", "dropColumns") => {
                let table = string(self, 0, "table name")?;
                let columns = lit(self, 1).and_then(|l| l.strings());
                let Some(columns) = columns else {
                    self.opaque(node, "Schema::dropColumns needs literal column names");
                    return None;
                };
                Some(Op::Table(Blueprint {
                    table,
                    commands: vec![Located {
                        item: Command::DropColumn(columns),
                        line: Self::line(node),
                    }],
                    ..Blueprint::default()
                }))
            }
            ("Schema", "disableForeignKeyConstraints") => Some(Op::ForeignKeyChecks(false)),
            ("Schema", "enableForeignKeyConstraints") => Some(Op::ForeignKeyChecks(true)),
            ("Schema", "hasTable") | ("Schema", "hasColumn") | ("Schema", "hasColumns") => None,
            ("DB", "statement") | ("DB", "unprepared") => {
                if args.len() > 1 {
                    self.opaque(
                        node,
                        format!("DB::{method} with bindings is not followed statically"),
                    );
                    return None;
                }
                Some(Op::Statement(string(self, 0, "SQL string")?))
            }
            _ => {
                self.opaque(
                    node,
                    format!(
                        "{class}::{method}(…) is not followed statically; keel follows the Schema builder, DB::statement and DB::table"
                    ),
                );
                None
            }
        }
    }

    /// `DB::table('t')->…->update([...])`
    fn data_call(&mut self, root: Node<'_>, calls: &[Call<'_>], whole: Node<'_>) -> Option<Op> {
        let table = match self.args(root).first().map(|a| self.lit(*a)) {
            Some(Ok(Lit::Str(t))) => t,
            _ => {
                self.opaque(whole, "DB::table needs a literal table name");
                return None;
            }
        };
        let last = calls.last()?;
        let kind = match last.name.as_str() {
            "update" | "increment" | "decrement" | "updateOrInsert" | "upsert" => DataKind::Update,
            "insert" | "insertOrIgnore" | "insertUsing" => DataKind::Insert,
            "delete" | "truncate" => DataKind::Delete,
            other => {
                self.opaque(
                    whole,
                    format!("DB::table(…)->{other}(…) is not followed statically"),
                );
                return None;
            }
        };
        let mut columns = Vec::new();
        let mut reads = Vec::new();
        let mut raw = Vec::new();
        if let Some(arg) = last.args.first().and_then(|a| a.named_child(0)) {
            if arg.kind() == "array_creation_expression" {
                let mut cursor = arg.walk();
                for el in arg.named_children(&mut cursor) {
                    if el.named_child_count() == 2 {
                        if let Some(Ok(Lit::Str(k))) = el.named_child(0).map(|k| self.lit_expr(k)) {
                            columns.push(k);
                        }
                        if let Some(Ok(Lit::Raw(sql))) = el.named_child(1).map(|v| self.lit_expr(v))
                        {
                            raw.push(sql);
                        }
                    }
                }
            } else if matches!(arg.kind(), "string" | "encapsed_string") {
                if let Ok(Lit::Str(k)) = self.lit_expr(arg) {
                    // `increment('votes')` reads the column it writes.
                    if matches!(last.name.as_str(), "increment" | "decrement") {
                        reads.push(k.clone());
                    }
                    columns.push(k);
                }
            }
        }
        // The query's own clauses name the columns it reads.
        for call in &calls[..calls.len() - 1] {
            let name = call.name.as_str();
            let first = call
                .args
                .first()
                .and_then(|a| a.named_child(0))
                .map(|a| self.lit_expr(a));
            if name.ends_with("Raw") {
                if let Some(Ok(Lit::Str(sql))) = first {
                    raw.push(sql);
                }
            } else if name.starts_with("where")
                || name.starts_with("orWhere")
                || name.starts_with("orderBy")
                || name == "select"
            {
                let all = if name == "select" {
                    call.args.clone()
                } else {
                    call.args.iter().take(1).copied().collect()
                };
                for a in all.iter().filter_map(|a| a.named_child(0)) {
                    match self.lit_expr(a) {
                        Ok(Lit::Str(c)) => reads.push(c),
                        Ok(Lit::Raw(sql)) => raw.push(sql),
                        Ok(lit @ Lit::Array(_)) => reads.extend(lit.strings().unwrap_or_default()),
                        _ => {}
                    }
                }
            }
        }
        Some(Op::Data {
            table,
            kind,
            columns,
            reads,
            raw,
        })
    }

    /// Unwinds `$a->b(…)->c(…)` into its root and the calls, innermost first.
    fn chain<'t>(&self, node: Node<'t>) -> (Node<'t>, Vec<Call<'t>>) {
        let mut calls = Vec::new();
        let mut current = node;
        while current.kind() == "member_call_expression"
            || current.kind() == "nullsafe_member_call_expression"
        {
            let name = current
                .child_by_field_name("name")
                .map(|n| self.text(n).to_string())
                .unwrap_or_default();
            calls.push(Call {
                name,
                args: self.args(current),
                line: Self::line(current),
            });
            match current.child_by_field_name("object") {
                Some(obj) => current = obj,
                None => break,
            }
        }
        calls.reverse();
        (current, calls)
    }

    fn blueprint_closure(&mut self, closure: Node<'_>, bp: &mut Blueprint) {
        let param = closure
            .child_by_field_name("parameters")
            .and_then(|p| p.named_child(0))
            .and_then(|p| p.child_by_field_name("name"))
            .map(|n| self.text(n).to_string());
        let Some(param) = param else {
            self.opaque(closure, "a Blueprint closure without a parameter");
            return;
        };
        let Some(body) = closure.child_by_field_name("body") else {
            return;
        };
        if closure.kind() == "arrow_function" {
            self.blueprint_statement(body, &param, bp);
            return;
        }
        let mut cursor = body.walk();
        let statements: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
        for stmt in statements {
            match stmt.kind() {
                "comment" | "empty_statement" => {}
                "expression_statement" => {
                    if let Some(expr) = stmt.named_child(0) {
                        self.blueprint_statement(expr, &param, bp);
                    }
                }
                "foreach_statement" | "for_statement" | "while_statement" | "do_statement" => {
                    let reason = format!(
                        "a `{}` loop inside a Blueprint closure is not followed statically",
                        stmt.kind().trim_end_matches("_statement")
                    );
                    self.opaque(stmt, reason);
                }
                _ => {
                    let reason = format!(
                        "`{}` inside a Blueprint closure is not followed statically",
                        self.snippet(stmt)
                    );
                    self.opaque(stmt, reason);
                }
            }
        }
    }

    fn blueprint_statement(&mut self, expr: Node<'_>, param: &str, bp: &mut Blueprint) {
        if expr.kind() == "assignment_expression" {
            let left = expr.child_by_field_name("left");
            let right = expr.child_by_field_name("right");
            if let (Some(left), Some(right)) = (left, right) {
                if left.kind() == "member_access_expression"
                    && left
                        .child_by_field_name("object")
                        .is_some_and(|o| self.text(o) == param)
                {
                    let prop = left
                        .child_by_field_name("name")
                        .map(|n| self.text(n))
                        .unwrap_or_default();
                    if let Ok(Lit::Str(value)) = self.lit_expr(right) {
                        match prop {
                            "engine" => return bp.engine = Some(value),
                            "charset" => return bp.charset = Some(value),
                            "collation" => return bp.collation = Some(value),
                            _ => {}
                        }
                    }
                }
            }
        }
        if expr.kind() != "member_call_expression" {
            self.opaque(
                expr,
                format!(
                    "`{}` inside a Blueprint closure is not followed statically",
                    self.snippet(expr)
                ),
            );
            return;
        }
        let (root, calls) = self.chain(expr);
        if root.kind() != "variable_name" || self.text(root) != param || calls.is_empty() {
            self.opaque(
                expr,
                format!(
                    "`{}` is not a call on the Blueprint {param}; keel cannot follow it",
                    self.snippet(expr)
                ),
            );
            return;
        }
        if let Err(reason) = self.blueprint_calls(bp, &calls) {
            self.opaque(expr, reason);
        }
    }

    fn lit(&self, arg: Node<'_>) -> Result<Lit, String> {
        if arg.kind() == "argument" {
            if arg.child_by_field_name("name").is_some() {
                return Err(format!(
                    "the named argument `{}` is not followed statically; pass it by position",
                    self.text(arg)
                ));
            }
            if self.text(arg).starts_with("...") {
                return Err("spread arguments (`...`) are not followed statically".into());
            }
            let inner = arg.named_child(0).ok_or("an empty argument")?;
            return self.lit_expr(inner);
        }
        self.lit_expr(arg)
    }

    fn lit_expr(&self, node: Node<'_>) -> Result<Lit, String> {
        let text = self.text(node);
        match node.kind() {
            "string" => {
                if text.starts_with('"') {
                    return self.double_quoted(node);
                }
                let body = text
                    .trim_start_matches(['b', 'B'])
                    .strip_prefix('\'')
                    .and_then(|t| t.strip_suffix('\''))
                    .unwrap_or(text);
                Ok(Lit::Str(unescape_single(body)))
            }
            "encapsed_string" => self.double_quoted(node),
            "integer" => parse_int(text)
                .map(Lit::Int)
                .ok_or_else(|| format!("the number {text} is out of range")),
            "float" => Ok(Lit::Float(php_float(text))),
            "boolean" => Ok(Lit::Bool(text.eq_ignore_ascii_case("true"))),
            "null" => Ok(Lit::Null),
            "parenthesized_expression" => {
                self.lit_expr(node.named_child(0).ok_or("an empty expression")?)
            }
            "unary_op_expression" => {
                let inner = node
                    .child_by_field_name("argument")
                    .or_else(|| node.named_child(0))
                    .ok_or("an empty expression")?;
                match (text.trim_start().chars().next(), self.lit_expr(inner)?) {
                    (Some('-'), Lit::Int(i)) => Ok(Lit::Int(-i)),
                    (Some('-'), Lit::Float(f)) => Ok(Lit::Float(format!("-{f}"))),
                    (Some('+'), l @ (Lit::Int(_) | Lit::Float(_))) => Ok(l),
                    _ => Err(format!("`{text}` is not a literal keel can evaluate")),
                }
            }
            "array_creation_expression" => {
                let mut items = Vec::new();
                let mut cursor = node.walk();
                for el in node.named_children(&mut cursor) {
                    if el.kind() != "array_element_initializer" {
                        continue;
                    }
                    let value = el
                        .named_child(el.named_child_count().saturating_sub(1))
                        .ok_or("an empty array element")?;
                    items.push(self.lit_expr(value)?);
                }
                Ok(Lit::Array(items))
            }
            "scoped_call_expression" => {
                let (class, method) = self.scoped_names(node);
                let args = self.args(node);
                if class == "DB" && method == "raw" && args.len() == 1 {
                    if let Lit::Str(sql) = self.lit(args[0])? {
                        return Ok(Lit::Raw(sql));
                    }
                }
                Err(format!(
                    "`{}` is not a literal keel can evaluate",
                    self.snippet(node)
                ))
            }
            "object_creation_expression" => {
                let mut cursor = node.walk();
                let class = node
                    .named_children(&mut cursor)
                    .find(|c| matches!(c.kind(), "name" | "qualified_name"))
                    .map(|c| self.text(c))
                    .unwrap_or_default();
                let mut c2 = node.walk();
                let arguments = node
                    .named_children(&mut c2)
                    .find(|c| c.kind() == "arguments");
                let args: Vec<Node<'_>> = match arguments {
                    Some(a) => {
                        let mut c3 = a.walk();
                        a.named_children(&mut c3).collect()
                    }
                    None => Vec::new(),
                };
                if class.rsplit('\\').next() == Some("Expression") && args.len() == 1 {
                    if let Lit::Str(sql) = self.lit(args[0])? {
                        return Ok(Lit::Raw(sql));
                    }
                }
                Err(format!(
                    "`{}` is not a literal keel can evaluate",
                    self.snippet(node)
                ))
            }
            "variable_name" => Err(format!(
                "the variable {text} is not followed statically; write the value in place"
            )),
            _ => Err(format!(
                "`{}` is not a literal keel can evaluate",
                self.snippet(node)
            )),
        }
    }

    fn double_quoted(&self, node: Node<'_>) -> Result<Lit, String> {
        let mut cursor = node.walk();
        let mut out = String::new();
        for part in node.named_children(&mut cursor) {
            match part.kind() {
                "string_content" | "string_value" => out.push_str(self.text(part)),
                "escape_sequence" => out.push_str(&unescape_double(self.text(part))),
                _ => {
                    return Err(format!(
                        "the string {} interpolates variables; keel cannot evaluate it",
                        self.snippet(node)
                    ))
                }
            }
        }
        Ok(Lit::Str(out))
    }
}

fn ends_with_return(body: Node<'_>) -> bool {
    if body.kind() == "return_statement" {
        return body.named_child_count() == 0;
    }
    if body.kind() != "compound_statement" {
        return false;
    }
    let mut cursor = body.walk();
    let last = body
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .last();
    last.is_some_and(|l| l.kind() == "return_statement" && l.named_child_count() == 0)
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(bin) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return i64::from_str_radix(bin, 2).ok();
    }
    t.parse().ok()
}

/// How PHP's `(string)` prints a float literal: `1.50` → `1.5`, `2.0` → `2`.
fn php_float(text: &str) -> String {
    match text.replace('_', "").parse::<f64>() {
        Ok(f) if f.is_finite() => {
            let s = format!("{f}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        }
        _ => text.to_string(),
    }
}

fn unescape_single(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('\'') | Some('\\') => out.push(chars.next().unwrap_or('\\')),
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape_double(seq: &str) -> String {
    match seq {
        "\\n" => "\n".into(),
        "\\t" => "\t".into(),
        "\\r" => "\r".into(),
        "\\\\" => "\\".into(),
        "\\\"" => "\"".into(),
        "\\$" => "$".into(),
        "\\0" => "\0".into(),
        other => other.to_string(),
    }
}

const COLUMN_TYPES: &[&str] = &[
    "char",
    "string",
    "tinyText",
    "text",
    "mediumText",
    "longText",
    "integer",
    "tinyInteger",
    "smallInteger",
    "mediumInteger",
    "bigInteger",
    "unsignedInteger",
    "unsignedTinyInteger",
    "unsignedSmallInteger",
    "unsignedMediumInteger",
    "unsignedBigInteger",
    "increments",
    "integerIncrements",
    "tinyIncrements",
    "smallIncrements",
    "mediumIncrements",
    "bigIncrements",
    "id",
    "foreignId",
    "foreignUuid",
    "float",
    "double",
    "decimal",
    "unsignedFloat",
    "unsignedDouble",
    "unsignedDecimal",
    "boolean",
    "enum",
    "json",
    "jsonb",
    "date",
    "dateTime",
    "dateTimeTz",
    "time",
    "timeTz",
    "timestamp",
    "timestampTz",
    "softDeletes",
    "softDeletesTz",
    "year",
    "binary",
    "uuid",
    "ulid",
    "ipAddress",
    "macAddress",
    "rememberToken",
];

/// Laravel's `createIndexName`: `{table}_{columns}_{type}`, lower-cased, `-` and `.` as `_`.
pub fn index_name(table: &str, columns: &[String], suffix: &str) -> String {
    format!("{table}_{}_{suffix}", columns.join("_"))
        .to_lowercase()
        .replace(['-', '.'], "_")
}

impl Reader<'_> {
    fn arg(&self, call: &Call<'_>, i: usize) -> Result<Option<Lit>, String> {
        match call.args.get(i) {
            None => Ok(None),
            Some(a) => self.lit(*a).map(|l| match l {
                Lit::Null => None,
                other => Some(other),
            }),
        }
    }

    fn arg_str(&self, call: &Call<'_>, i: usize, what: &str) -> Result<String, String> {
        match self.arg(call, i)? {
            Some(Lit::Str(s)) => Ok(s),
            _ => Err(format!("{}() needs a literal {what}", call.name)),
        }
    }

    fn arg_u32(&self, call: &Call<'_>, i: usize) -> Result<Option<u32>, String> {
        match self.arg(call, i)? {
            None => Ok(None),
            Some(Lit::Int(n)) if n >= 0 => Ok(Some(n as u32)),
            Some(_) => Err(format!("{}() needs literal numbers", call.name)),
        }
    }

    fn arg_bool(&self, call: &Call<'_>, i: usize, default: bool) -> Result<bool, String> {
        match self.arg(call, i)? {
            None => Ok(default),
            Some(Lit::Bool(b)) => Ok(b),
            Some(_) => Err(format!("{}() needs a literal true or false", call.name)),
        }
    }

    fn arg_columns(&self, call: &Call<'_>, i: usize) -> Result<Vec<String>, String> {
        self.arg(call, i)?
            .and_then(|l| l.strings())
            .ok_or_else(|| format!("{}() needs literal column names", call.name))
    }

    /// Every argument as column names (`dropColumn('a', 'b')` or `dropColumn(['a', 'b'])`).
    fn variadic_columns(&self, call: &Call<'_>) -> Result<Vec<String>, String> {
        let mut columns = Vec::new();
        for i in 0..call.args.len() {
            columns.extend(self.arg_columns(call, i)?);
        }
        Ok(columns)
    }

    fn blueprint_calls(&self, bp: &mut Blueprint, calls: &[Call<'_>]) -> Result<(), String> {
        let first = &calls[0];
        let rest = &calls[1..];
        let line = first.line;
        let table = bp.table.clone();
        let command = |bp: &mut Blueprint, item: Command| {
            bp.commands.push(Located { item, line });
        };
        let no_chain = |rest: &[Call<'_>]| -> Result<(), String> {
            match rest.first() {
                None => Ok(()),
                Some(c) => Err(format!(
                    "->{}() after ->{}() is not followed statically",
                    c.name, first.name
                )),
            }
        };
        let name = first.name.as_str();
        if COLUMN_TYPES.contains(&name) {
            let col = self.column(first, &table)?;
            bp.columns.push(col);
            let index = bp.columns.len() - 1;
            return self.column_modifiers(bp, index, rest);
        }
        match name {
            "timestamps" | "nullableTimestamps" | "timestampsTz" => {
                no_chain(rest)?;
                let precision = self.arg_u32(first, 0)?.unwrap_or(0);
                let ty = if name == "timestampsTz" {
                    "timestampTz"
                } else {
                    "timestamp"
                };
                for col in ["created_at", "updated_at"] {
                    bp.columns.push(Column {
                        name: col.into(),
                        ty: ty.into(),
                        precision: Some(precision),
                        nullable: true,
                        line,
                        ..Column::default()
                    });
                }
                Ok(())
            }
            "morphs" | "nullableMorphs" | "numericMorphs" | "nullableNumericMorphs"
            | "uuidMorphs" | "nullableUuidMorphs" => {
                no_chain(rest)?;
                let base = self.arg_str(first, 0, "name")?;
                let index = match self.arg(first, 1)? {
                    Some(Lit::Str(s)) => s,
                    None => index_name(
                        &table,
                        &[format!("{base}_type"), format!("{base}_id")],
                        "index",
                    ),
                    Some(_) => return Err("morphs() needs a literal index name".into()),
                };
                let nullable = name.starts_with("nullable");
                let uuid = name.contains("Uuid");
                bp.columns.push(Column {
                    name: format!("{base}_type"),
                    ty: "string".into(),
                    length: Some(255),
                    nullable,
                    line,
                    ..Column::default()
                });
                bp.columns.push(Column {
                    name: format!("{base}_id"),
                    ty: if uuid { "uuid" } else { "bigInteger" }.into(),
                    unsigned: !uuid,
                    nullable,
                    line,
                    ..Column::default()
                });
                command(
                    bp,
                    Command::Index {
                        kind: IndexKind::Index,
                        name: index,
                        columns: vec![format!("{base}_type"), format!("{base}_id")],
                        algorithm: None,
                    },
                );
                Ok(())
            }
            "primary" | "unique" | "index" => {
                no_chain(rest)?;
                let kind = match name {
                    "primary" => IndexKind::Primary,
                    "unique" => IndexKind::Unique,
                    _ => IndexKind::Index,
                };
                let columns = self.arg_columns(first, 0)?;
                let index = match self.arg(first, 1)? {
                    Some(Lit::Str(s)) => s,
                    None => index_name(&table, &columns, kind.suffix()),
                    Some(_) => return Err(format!("{name}() needs a literal index name")),
                };
                let algorithm = match self.arg(first, 2)? {
                    Some(Lit::Str(s)) => Some(s),
                    None => None,
                    Some(_) => return Err(format!("{name}() needs a literal algorithm")),
                };
                command(
                    bp,
                    Command::Index {
                        kind,
                        name: index,
                        columns,
                        algorithm,
                    },
                );
                Ok(())
            }
            "foreign" => {
                let columns = self.arg_columns(first, 0)?;
                let fk_name = match self.arg(first, 1)? {
                    Some(Lit::Str(s)) => s,
                    None => index_name(&table, &columns, "foreign"),
                    Some(_) => return Err("foreign() needs a literal name".into()),
                };
                let mut fk = Foreign {
                    name: fk_name,
                    columns,
                    references: Vec::new(),
                    on: String::new(),
                    on_delete: None,
                    on_update: None,
                    line,
                };
                self.foreign_modifiers(&mut fk, rest)?;
                if fk.on.is_empty() || fk.references.is_empty() {
                    return Err(
                        "foreign() without ->references(…)->on(…) is not a complete foreign key"
                            .into(),
                    );
                }
                command(bp, Command::Foreign(fk));
                Ok(())
            }
            "dropColumn" => {
                no_chain(rest)?;
                let columns = self.variadic_columns(first)?;
                command(bp, Command::DropColumn(columns));
                Ok(())
            }
            "renameColumn" => {
                no_chain(rest)?;
                let from = self.arg_str(first, 0, "column name")?;
                let to = self.arg_str(first, 1, "column name")?;
                command(bp, Command::RenameColumn { from, to });
                Ok(())
            }
            "dropPrimary" | "dropUnique" | "dropIndex" | "dropForeign" => {
                no_chain(rest)?;
                let suffix = match name {
                    "dropPrimary" => "primary",
                    "dropUnique" => "unique",
                    "dropIndex" => "index",
                    _ => "foreign",
                };
                let index = match self.arg(first, 0)? {
                    Some(Lit::Str(s)) => s,
                    Some(l @ Lit::Array(_)) => {
                        let cols = l
                            .strings()
                            .ok_or_else(|| format!("{name}() needs literal column names"))?;
                        index_name(&table, &cols, suffix)
                    }
                    None => index_name(&table, &[], name),
                    Some(_) => return Err(format!("{name}() needs a literal index name")),
                };
                let item = match name {
                    "dropPrimary" => Command::DropPrimary(index),
                    "dropUnique" => Command::DropUnique(index),
                    "dropIndex" => Command::DropIndex(index),
                    _ => Command::DropForeign(index),
                };
                command(bp, item);
                Ok(())
            }
            "dropConstrainedForeignId" => {
                no_chain(rest)?;
                let column = self.arg_str(first, 0, "column name")?;
                command(
                    bp,
                    Command::DropForeign(index_name(&table, std::slice::from_ref(&column), "foreign")),
                );
                command(bp, Command::DropColumn(vec![column]));
                Ok(())
            }
            "dropTimestamps" | "dropTimestampsTz" => {
                no_chain(rest)?;
                command(
                    bp,
                    Command::DropColumn(vec!["created_at".into(), "updated_at".into()]),
                );
                Ok(())
            }
            "dropSoftDeletes" | "dropSoftDeletesTz" => {
                no_chain(rest)?;
                let column = match self.arg(first, 0)? {
                    Some(Lit::Str(s)) => s,
                    _ => "deleted_at".into(),
                };
                command(bp, Command::DropColumn(vec![column]));
                Ok(())
            }
            "dropRememberToken" => {
                no_chain(rest)?;
                command(bp, Command::DropColumn(vec!["remember_token".into()]));
                Ok(())
            }
            "dropMorphs" => {
                no_chain(rest)?;
                let base = self.arg_str(first, 0, "name")?;
                let cols = vec![format!("{base}_type"), format!("{base}_id")];
                let index = match self.arg(first, 1)? {
                    Some(Lit::Str(s)) => s,
                    _ => index_name(&table, &cols, "index"),
                };
                command(bp, Command::DropIndex(index));
                command(bp, Command::DropColumn(cols));
                Ok(())
            }
            "renameIndex" => {
                no_chain(rest)?;
                let from = self.arg_str(first, 0, "index name")?;
                let to = self.arg_str(first, 1, "index name")?;
                command(bp, Command::RenameIndex { from, to });
                Ok(())
            }
            "drop" => {
                no_chain(rest)?;
                command(bp, Command::Drop);
                Ok(())
            }
            "dropIfExists" => {
                no_chain(rest)?;
                command(bp, Command::DropIfExists);
                Ok(())
            }
            "rename" => {
                no_chain(rest)?;
                let to = self.arg_str(first, 0, "table name")?;
                command(bp, Command::Rename(to));
                Ok(())
            }
            "temporary" => {
                bp.temporary = true;
                Ok(())
            }
            "engine" | "charset" | "collation" => {
                let value = self.arg_str(first, 0, name)?;
                match name {
                    "engine" => bp.engine = Some(value),
                    "charset" => bp.charset = Some(value),
                    _ => bp.collation = Some(value),
                }
                Ok(())
            }
            other => Err(format!(
                "the Blueprint method {other}() is not one keel knows; it cannot follow it statically"
            )),
        }
    }

    /// The column a type method declares, with Laravel's defaults for omitted arguments.
    fn column(&self, call: &Call<'_>, _table: &str) -> Result<Column, String> {
        let name = call.name.as_str();
        let line = call.line;
        let column_name = |default: &str| -> Result<String, String> {
            match self.arg(call, 0)? {
                Some(Lit::Str(s)) => Ok(s),
                None => Ok(default.to_string()),
                Some(_) => Err(format!("{name}() needs a literal column name")),
            }
        };
        let base = |ty: &str, col: String| Column {
            name: col,
            ty: ty.into(),
            line,
            ..Column::default()
        };
        let int = |ty: &str, unsigned: bool, auto: bool| -> Result<Column, String> {
            let col = column_name("")?;
            let auto = auto || self.arg_bool(call, 1, false)?;
            let unsigned = unsigned
                || (!name.starts_with("unsigned")
                    && !name.ends_with("ncrements")
                    && self.arg_bool(call, 2, false)?);
            Ok(Column {
                unsigned,
                auto_increment: auto,
                ..base(ty, col)
            })
        };
        let number = |ty: &str, unsigned: bool, total: Option<u32>, places: Option<u32>| {
            let col = column_name("")?;
            let t = match call.args.get(1) {
                Some(_) => self.arg_u32(call, 1)?,
                None => total,
            };
            let p = match call.args.get(2) {
                Some(_) => self.arg_u32(call, 2)?,
                None => places,
            };
            let unsigned =
                unsigned || (!name.starts_with("unsigned") && self.arg_bool(call, 3, false)?);
            Ok::<Column, String>(Column {
                total: t,
                places: p,
                unsigned,
                ..base(ty, col)
            })
        };
        let timed = |ty: &str, default_name: &str, nullable: bool| -> Result<Column, String> {
            let col = column_name(default_name)?;
            let precision = self.arg_u32(call, 1)?.unwrap_or(0);
            Ok(Column {
                precision: Some(precision),
                nullable,
                ..base(ty, col)
            })
        };
        match name {
            "id" => Ok(Column {
                unsigned: true,
                auto_increment: true,
                ..base("bigInteger", column_name("id")?)
            }),
            "increments" | "integerIncrements" => int("integer", true, true),
            "tinyIncrements" => int("tinyInteger", true, true),
            "smallIncrements" => int("smallInteger", true, true),
            "mediumIncrements" => int("mediumInteger", true, true),
            "bigIncrements" => int("bigInteger", true, true),
            "integer" | "tinyInteger" | "smallInteger" | "mediumInteger" | "bigInteger" => {
                int(name, false, false)
            }
            "unsignedInteger" => int("integer", true, false),
            "unsignedTinyInteger" => int("tinyInteger", true, false),
            "unsignedSmallInteger" => int("smallInteger", true, false),
            "unsignedMediumInteger" => int("mediumInteger", true, false),
            "unsignedBigInteger" => int("bigInteger", true, false),
            "foreignId" => Ok(Column {
                unsigned: true,
                ..base("bigInteger", column_name("")?)
            }),
            "foreignUuid" => Ok(base("uuid", column_name("")?)),
            "char" | "string" => {
                let col = column_name("")?;
                let length = self.arg_u32(call, 1)?.filter(|l| *l > 0).unwrap_or(255);
                Ok(Column {
                    length: Some(length),
                    ..base(name, col)
                })
            }
            "float" => number("float", false, Some(8), Some(2)),
            "unsignedFloat" => number("float", true, Some(8), Some(2)),
            "double" => number("double", false, None, None),
            "unsignedDouble" => number("double", true, None, None),
            "decimal" => number("decimal", false, Some(8), Some(2)),
            "unsignedDecimal" => number("decimal", true, Some(8), Some(2)),
            "enum" => {
                let col = column_name("")?;
                let allowed = self.arg_columns(call, 1).map_err(|_| {
                    "enum() needs its allowed values as a literal array".to_string()
                })?;
                Ok(Column {
                    allowed,
                    ..base("enum", col)
                })
            }
            "dateTime" | "dateTimeTz" | "time" | "timeTz" | "timestamp" | "timestampTz" => {
                timed(name, "", false)
            }
            "softDeletes" => timed("timestamp", "deleted_at", true),
            "softDeletesTz" => timed("timestampTz", "deleted_at", true),
            "rememberToken" => Ok(Column {
                length: Some(100),
                nullable: true,
                ..base("string", "remember_token".into())
            }),
            "tinyText" | "text" | "mediumText" | "longText" | "boolean" | "json" | "jsonb"
            | "date" | "year" | "binary" | "uuid" | "ulid" | "ipAddress" | "macAddress" => {
                Ok(base(name, column_name("")?))
            }
            other => Err(format!("the column type {other}() is not one keel knows")),
        }
    }

    fn column_modifiers(
        &self,
        bp: &mut Blueprint,
        index: usize,
        calls: &[Call<'_>],
    ) -> Result<(), String> {
        for (i, call) in calls.iter().enumerate() {
            let col = &mut bp.columns[index];
            let name = call.name.as_str();
            match name {
                "nullable" => {
                    col.nullable = self.arg_bool(call, 0, true)?;
                    col.nullable_set = true;
                }
                "default" => col.default = self.arg(call, 0)?,
                "useCurrent" => col.use_current = true,
                "useCurrentOnUpdate" => col.use_current_on_update = true,
                "unsigned" => col.unsigned = true,
                "autoIncrement" => col.auto_increment = true,
                "change" => col.change = true,
                "first" => col.first = true,
                "after" => col.after = Some(self.arg_str(call, 0, "column name")?),
                "comment" => col.comment = Some(self.arg_str(call, 0, "comment")?),
                "charset" => col.charset = Some(self.arg_str(call, 0, "charset")?),
                "collation" => col.collation = Some(self.arg_str(call, 0, "collation")?),
                "storedAs" => col.stored_as = Some(self.arg_str(call, 0, "expression")?),
                "virtualAs" => col.virtual_as = Some(self.arg_str(call, 0, "expression")?),
                "unique" | "index" | "primary" => {
                    let value = match self.arg(call, 0)? {
                        None | Some(Lit::Bool(true)) => Some(None),
                        Some(Lit::Bool(false)) => None,
                        Some(Lit::Str(s)) => Some(Some(s)),
                        Some(_) => return Err(format!("->{name}() needs a literal index name")),
                    };
                    match name {
                        "unique" => col.unique = value,
                        "index" => col.index = value,
                        _ => col.primary = value,
                    }
                }
                "constrained" | "references" => {
                    let column = col.name.clone();
                    let (on, references) = if name == "constrained" {
                        let references = match self.arg(call, 1)? {
                            Some(Lit::Str(s)) => s,
                            None => "id".into(),
                            Some(_) => {
                                return Err("constrained() needs a literal column name".into())
                            }
                        };
                        let on = match self.arg(call, 0)? {
                            Some(Lit::Str(s)) => s,
                            None => {
                                let stem = column
                                    .rsplit_once(&format!("_{references}"))
                                    .map_or(column.as_str(), |(s, _)| s);
                                plural(stem)
                            }
                            Some(_) => {
                                return Err("constrained() needs a literal table name".into())
                            }
                        };
                        (on, vec![references])
                    } else {
                        (String::new(), self.arg_columns(call, 0)?)
                    };
                    let mut fk = Foreign {
                        name: index_name(&bp.table, std::slice::from_ref(&column), "foreign"),
                        columns: vec![column],
                        references,
                        on,
                        on_delete: None,
                        on_update: None,
                        line: call.line,
                    };
                    self.foreign_modifiers(&mut fk, &calls[i + 1..])?;
                    if fk.on.is_empty() {
                        return Err("references() without ->on(…) is not a complete foreign key".into());
                    }
                    bp.commands.push(Located {
                        item: Command::Foreign(fk),
                        line: call.line,
                    });
                    return Ok(());
                }
                other => {
                    return Err(format!(
                        "the column modifier ->{other}() is not one keel knows; it cannot follow it statically"
                    ))
                }
            }
        }
        Ok(())
    }

    fn foreign_modifiers(&self, fk: &mut Foreign, calls: &[Call<'_>]) -> Result<(), String> {
        for call in calls {
            match call.name.as_str() {
                "references" => fk.references = self.arg_columns(call, 0)?,
                "on" => fk.on = self.arg_str(call, 0, "table name")?,
                "onDelete" => fk.on_delete = Some(self.arg_str(call, 0, "action")?),
                "onUpdate" => fk.on_update = Some(self.arg_str(call, 0, "action")?),
                "cascadeOnDelete" => fk.on_delete = Some("cascade".into()),
                "restrictOnDelete" => fk.on_delete = Some("restrict".into()),
                "nullOnDelete" => fk.on_delete = Some("set null".into()),
                "cascadeOnUpdate" => fk.on_update = Some("cascade".into()),
                "restrictOnUpdate" => fk.on_update = Some("restrict".into()),
                "noActionOnDelete" => fk.on_delete = Some("no action".into()),
                "noActionOnUpdate" => fk.on_update = Some("no action".into()),
                other => {
                    return Err(format!(
                        "the foreign-key modifier ->{other}() is not one keel knows; it cannot follow it statically"
                    ))
                }
            }
        }
        Ok(())
    }
}
