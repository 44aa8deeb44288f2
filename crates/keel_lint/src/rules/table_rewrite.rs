use std::collections::{HashMap, HashSet};

use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::ir::{GenerationChange, OpKind};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A column type change that rewrites the whole table.",
    what: "Reports column type changes (PostgreSQL ALTER COLUMN … TYPE, MySQL MODIFY / CHANGE), \
           and PostgreSQL's ALTER COLUMN … SET EXPRESSION (a new expression for a stored \
           generated column, which recomputes every row), on tables the migration did not \
           create. On PostgreSQL, widening a varchar to a longer \
           varchar or to text is known not to rewrite and stays quiet when the old type is known \
           from the earlier migrations.",
    why: "The table is copied row by row under an exclusive lock: reads and writes wait for the \
          whole rewrite, and the disk needs room for a second copy.",
    bad: "ALTER TABLE invoices ALTER COLUMN total TYPE numeric(12,2);",
    good: "-- add a new column, backfill it in batches, switch the code, then drop the old one\nALTER TABLE invoices ADD COLUMN total_exact numeric(12,2);",
    dialects: &[Dialect::Postgres, Dialect::Mysql],
};

fn varchar_len(t: &str) -> Option<Option<u64>> {
    let rest = t
        .strip_prefix("character varying")
        .or_else(|| t.strip_prefix("varchar"))?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(None);
    }
    Some(
        rest.trim_start_matches('(')
            .trim_end_matches(')')
            .trim()
            .parse()
            .ok(),
    )
}

/// PostgreSQL changes these types without touching the rows.
fn binary_coercible(old: &str, new: &str) -> bool {
    let Some(old_len) = varchar_len(old) else {
        return old == "text" && new == "text";
    };
    if new == "text" {
        return true;
    }
    match (old_len, varchar_len(new)) {
        (_, Some(None)) => true,
        (Some(a), Some(Some(b))) => b >= a,
        _ => false,
    }
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    // The old type matters only for the columns whose type changes: remember just those.
    let altered: HashSet<(&str, &str)> = super::up_ops(run)
        .filter_map(|(_, op)| match &op.kind {
            OpKind::AlterColumnType { table, column, .. } => {
                Some((table.as_str(), column.as_str()))
            }
            _ => None,
        })
        .collect();
    let new_expression = |kind: &OpKind| {
        matches!(
            kind,
            OpKind::ColumnGeneration {
                change: GenerationChange::SetExpression,
                ..
            }
        )
    };
    if altered.is_empty() && !super::up_ops(run).any(|(_, op)| new_expression(&op.kind)) {
        return;
    }
    let mut types: HashMap<(&str, &str), &str> = HashMap::new();
    let mut remember = |table, column, data_type| {
        if altered.contains(&(table, column)) {
            types.insert((table, column), data_type)
        } else {
            None
        }
    };
    for (unit, op) in super::up_ops(run) {
        match &op.kind {
            OpKind::CreateTable { table, columns, .. } => {
                for c in columns {
                    remember(table.as_str(), c.name.as_str(), c.data_type.as_str());
                }
            }
            OpKind::AddColumn { table, column, .. } => {
                remember(
                    table.as_str(),
                    column.name.as_str(),
                    column.data_type.as_str(),
                );
            }
            OpKind::AlterColumnType {
                table,
                column,
                new_type,
            } => {
                let old = remember(table.as_str(), column.as_str(), new_type.as_str());
                if unit.creates(table) {
                    continue;
                }
                if run.facts.dialect == Dialect::Postgres
                    && old.is_some_and(|o| binary_coercible(o, new_type))
                {
                    continue;
                }
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("changing {table}.{column} to {new_type} rewrites {table} under an exclusive lock"),
                    "add a new column, backfill it in batches, switch the code, then drop the old column",
                );
            }
            OpKind::ColumnGeneration {
                table,
                column,
                change: GenerationChange::SetExpression,
            } if !unit.creates(table) => {
                sink.report(
                    &unit.up.file,
                    op.span,
                    format!("a new expression for {table}.{column} recomputes every row of {table} under an exclusive lock"),
                    "add a new generated column with the new expression, switch the code, then drop the old column",
                );
            }
            _ => {}
        }
    }
}
