//! One [`crate::Ddl`] implementation per engine, plus the spelling they share.

mod mysql;
mod postgres;
mod sqlite;

pub use mysql::Mysql;
pub use postgres::Postgres;
pub use sqlite::Sqlite;

use keel_model::{Check, DefaultValue, Deferral, ForeignKey, Index};

use crate::Ddl;

/// `DEFAULT …` text for a default, given whether the column's type is numeric or boolean (a
/// literal is then written bare rather than quoted).
pub(crate) fn default_sql(default: &DefaultValue, bare_literal: bool) -> String {
    match default {
        DefaultValue::Literal { value } if bare_literal && is_bare(value) => value.clone(),
        DefaultValue::Literal { value } => quote_literal(value),
        DefaultValue::Expression { sql } => parenthesized(sql),
        DefaultValue::CurrentTimestamp { precision: None } => "CURRENT_TIMESTAMP".into(),
        DefaultValue::CurrentTimestamp { precision: Some(p) } => format!("CURRENT_TIMESTAMP({p})"),
    }
}

/// `expr` wrapped in parentheses, unless one pair already encloses all of it (`(a) <> (b)` is
/// not enclosed; `((a) <> (b))` is).
pub(crate) fn parenthesized(expr: &str) -> String {
    if is_enclosed(expr.trim()) {
        expr.trim().to_string()
    } else {
        format!("({})", expr.trim())
    }
}

/// Whether the first character is `(` and its matching `)` is the last character.
pub(crate) fn is_enclosed(expr: &str) -> bool {
    if !expr.starts_with('(') || !expr.ends_with(')') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in expr.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && i != expr.len() - 1 {
                        return false;
                    }
                }
                _ => {}
            },
        }
    }
    depth == 0
}

fn is_bare(value: &str) -> bool {
    value.parse::<f64>().is_ok()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null"
        )
}

/// A string literal, single-quoted with quotes doubled.
pub(crate) fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Whether a type name is numeric or boolean.
pub(crate) fn is_numeric_type(ty: &str) -> bool {
    let t = ty.to_ascii_lowercase();
    [
        "int", "real", "double", "float", "numeric", "decimal", "bool", "bit", "serial", "number",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// `(a, lower(b) DESC)` for an index.
pub(crate) fn index_parts(ddl: &dyn Ddl, index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|p| {
            let mut s = match (&p.column, &p.expression) {
                (Some(c), _) => ddl.quote(c),
                (None, Some(e)) => parenthesized(e),
                (None, None) => String::new(),
            };
            if let Some(len) = p.prefix_length {
                s.push_str(&format!("({len})"));
            }
            if let Some(c) = &p.collation {
                s.push_str(&format!(" COLLATE {c}"));
            }
            if let Some(o) = &p.opclass {
                s.push_str(&format!(" {o}"));
            }
            if p.descending {
                s.push_str(" DESC");
            }
            if let Some(n) = &p.nulls {
                s.push_str(&format!(" NULLS {}", n.to_ascii_uppercase()));
            }
            s
        })
        .collect();
    format!("({})", parts.join(", "))
}

/// Whether a constraint's key is a name the database should be given, rather than a stand-in
/// keel made for an unnamed or engine-named object.
pub(crate) fn explicit_name(key: &str, auto_named: bool) -> Option<&str> {
    (!auto_named && !key.starts_with("auto:") && !key.starts_with("sqlite_autoindex_"))
        .then_some(key)
}

/// `[CONSTRAINT n] FOREIGN KEY (a) REFERENCES t (b) ON DELETE …`.
pub(crate) fn foreign_key_clause(ddl: &dyn Ddl, name: &str, fk: &ForeignKey) -> String {
    let mut s = String::new();
    if let Some(n) = explicit_name(name, fk.auto_named) {
        s.push_str(&format!("CONSTRAINT {} ", ddl.quote(n)));
    }
    let cols = |cs: &[String]| {
        cs.iter()
            .map(|c| ddl.quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let target = match &fk.ref_schema {
        Some(schema) => ddl.qualified(schema, &fk.ref_table),
        None => ddl.quote(&fk.ref_table),
    };
    s.push_str(&format!(
        "FOREIGN KEY ({}) REFERENCES {target} ({})",
        cols(&fk.columns),
        cols(&fk.ref_columns)
    ));
    if fk.match_full {
        s.push_str(" MATCH FULL");
    }
    if let Some(a) = &fk.on_delete {
        s.push_str(&format!(" ON DELETE {}", a.to_ascii_uppercase()));
    }
    if let Some(a) = &fk.on_update {
        s.push_str(&format!(" ON UPDATE {}", a.to_ascii_uppercase()));
    }
    match fk.deferrable {
        Some(Deferral::InitiallyDeferred) => s.push_str(" DEFERRABLE INITIALLY DEFERRED"),
        Some(Deferral::InitiallyImmediate) => s.push_str(" DEFERRABLE INITIALLY IMMEDIATE"),
        None => {}
    }
    s
}

/// `[CONSTRAINT n] CHECK (expr)`.
pub(crate) fn check_clause(ddl: &dyn Ddl, name: &str, check: &Check) -> String {
    let body = if check
        .expression
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("CHECK")
    {
        check.expression.clone()
    } else {
        format!("CHECK {}", parenthesized(&check.expression))
    };
    match explicit_name(name, check.auto_named) {
        Some(n) => format!("CONSTRAINT {} {body}", ddl.quote(n)),
        None => body,
    }
}

/// `trigger` from a `table.trigger` key.
pub(crate) fn trigger_name(key: &str) -> &str {
    key.split_once('.').map_or(key, |(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosure_is_decided_by_matching_parentheses() {
        assert!(is_enclosed("(a > 0)"));
        assert!(is_enclosed("((a) <> (b))"));
        assert!(!is_enclosed("(a IS NULL) <> (b IS NULL)"));
        assert!(!is_enclosed("(a = ')') OR (b)"));
        assert_eq!(parenthesized("(a) <> (b)"), "((a) <> (b))");
        assert_eq!(parenthesized("(x)"), "(x)");
    }
}
