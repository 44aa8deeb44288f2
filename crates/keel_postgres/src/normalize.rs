//! Lexical normalisation of the SQL text the server renders (`pg_get_expr`,
//! `pg_get_constraintdef`, `pg_get_viewdef`, …), and the classification of column defaults.
//!
//! Only lexical rewrites happen here: whitespace outside literals is collapsed, redundant
//! outer parentheses are removed, and qualifications with the object's own schema are dropped
//! (the server prints every name schema-qualified because keel inspects with
//! `search_path = ''`). Semantics are never rewritten.

use keel_model::DefaultValue;

/// One lexical piece of SQL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Keywords, names, operators, numbers, punctuation, whitespace.
    Code,
    /// A string constant: `'…'`, `E'…'` or `$tag$…$tag$`.
    Str,
    /// A quoted identifier `"…"`.
    Ident,
    /// A comment.
    Comment,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Splits `sql` into pieces; the concatenation of the pieces is `sql`.
fn pieces<'a>(sql: &'a str) -> Vec<(Piece, &'a str)> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut code_start = 0;
    let mut i = 0;
    let push_code = |out: &mut Vec<(Piece, &'a str)>, from: usize, to: usize| {
        if to > from {
            out.push((Piece::Code, &sql[from..to]));
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        let prev_ident = sql[..i].chars().next_back().is_some_and(is_ident_char);
        let (kind, end) = match c {
            b'\'' => {
                // `E'…'` takes backslash escapes; the `E` belongs to the literal.
                let escaped = i > 0
                    && (bytes[i - 1] == b'E' || bytes[i - 1] == b'e')
                    && !sql[..i - 1].chars().next_back().is_some_and(is_ident_char);
                (Piece::Str, end_of_quoted(bytes, i, b'\'', escaped))
            }
            b'"' => (Piece::Ident, end_of_quoted(bytes, i, b'"', false)),
            b'$' if !prev_ident => match dollar_tag(sql, i) {
                Some(tag) => {
                    let body = i + tag.len();
                    let end = sql[body..]
                        .find(tag)
                        .map_or(bytes.len(), |p| body + p + tag.len());
                    (Piece::Str, end)
                }
                None => {
                    i += 1;
                    continue;
                }
            },
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = sql[i..].find('\n').map_or(bytes.len(), |p| i + p);
                (Piece::Comment, end)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
                (Piece::Comment, end)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // An `E` prefix is part of the literal.
        let start = if kind == Piece::Str && c == b'\'' && end_has_e_prefix(sql, i) {
            i - 1
        } else {
            i
        };
        push_code(&mut out, code_start, start);
        out.push((kind, &sql[start..end]));
        i = end;
        code_start = end;
    }
    push_code(&mut out, code_start, bytes.len());
    out
}

fn end_has_e_prefix(sql: &str, quote: usize) -> bool {
    let b = sql.as_bytes();
    quote > 0
        && (b[quote - 1] == b'E' || b[quote - 1] == b'e')
        && !sql[..quote - 1]
            .chars()
            .next_back()
            .is_some_and(is_ident_char)
}

/// The index just past the quoted run that starts at `start` (a doubled quote continues it).
fn end_of_quoted(bytes: &[u8], start: usize, quote: u8, backslash: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if backslash && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// The `$tag$` opening a dollar-quoted string at `i`, if there is one.
fn dollar_tag(sql: &str, i: usize) -> Option<&str> {
    let rest = &sql[i + 1..];
    let close = rest.find('$')?;
    let tag = &rest[..close];
    let valid = tag
        .chars()
        .next()
        .is_none_or(|c| c.is_alphabetic() || c == '_')
        && tag.chars().all(|c| c.is_alphanumeric() || c == '_');
    valid.then(|| &sql[i..i + close + 2])
}

/// Collapses whitespace outside literals, quoted identifiers and comments to single spaces,
/// and trims the ends.
pub(crate) fn collapse_whitespace(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    for (kind, text) in pieces(sql) {
        if kind != Piece::Code {
            out.push_str(text);
            continue;
        }
        let mut in_space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                in_space = true;
                continue;
            }
            if in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = false;
            out.push(c);
        }
        if in_space && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Removes parentheses that wrap the whole text: `((a > 0))` → `a > 0`.
pub(crate) fn strip_outer_parens(sql: &str) -> String {
    let mut s = sql.trim();
    loop {
        if !(s.starts_with('(') && s.ends_with(')')) {
            return s.to_string();
        }
        // Does the first parenthesis close at the very end?
        let mut depth = 0i32;
        let mut offset = 0;
        let mut closes_at = None;
        'scan: for (kind, text) in pieces(s) {
            if kind == Piece::Code {
                for (j, c) in text.char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                closes_at = Some(offset + j);
                                break 'scan;
                            }
                        }
                        _ => {}
                    }
                }
            }
            offset += text.len();
        }
        if closes_at != Some(s.len() - 1) {
            return s.to_string();
        }
        s = s[1..s.len() - 1].trim();
    }
}

/// Drops qualifications with `schema` (given as the server quotes it, `quote_ident`):
/// `public.lower_name(x)` → `lower_name(x)` when inspecting an object of schema `public`.
/// Literals and comments are left alone.
pub(crate) fn strip_schema(sql: &str, quoted_schema: &str) -> String {
    if quoted_schema.is_empty() {
        return sql.to_string();
    }
    let parts = pieces(sql);
    let mut out = String::with_capacity(sql.len());
    let mut skip_dot = false;
    for (n, (kind, text)) in parts.iter().enumerate() {
        match kind {
            Piece::Ident if quoted_schema.starts_with('"') => {
                let next_is_dot = parts
                    .get(n + 1)
                    .is_some_and(|(k, t)| *k == Piece::Code && t.starts_with('.'));
                let prev_ok = !out.ends_with('.') && !out.ends_with(is_ident_char);
                if *text == quoted_schema && next_is_dot && prev_ok {
                    skip_dot = true;
                    continue;
                }
                out.push_str(text);
            }
            Piece::Code => {
                let mut text: &str = text;
                if skip_dot {
                    text = &text[1..];
                    skip_dot = false;
                }
                if quoted_schema.starts_with('"') {
                    out.push_str(text);
                    continue;
                }
                let prefix = format!("{quoted_schema}.");
                let mut rest = text;
                while let Some(pos) = find_word(rest, &prefix, &out) {
                    out.push_str(&rest[..pos]);
                    rest = &rest[pos + prefix.len()..];
                }
                out.push_str(rest);
            }
            _ => {
                skip_dot = false;
                out.push_str(text);
            }
        }
    }
    out
}

/// The position of `word` in `text` where it starts a name (not preceded by a name character,
/// a dot or a quote; `before` is the text already emitted ahead of `text`).
fn find_word(text: &str, word: &str, before: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = text[from..].find(word) {
        let at = from + p;
        let prev = if at == 0 {
            before.chars().next_back()
        } else {
            text[..at].chars().next_back()
        };
        if !prev.is_some_and(|c| is_ident_char(c) || c == '.' || c == '"') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The normal form of an expression of an object in schema `quoted_schema`: own-schema
/// qualifications dropped, whitespace collapsed, redundant outer parentheses removed.
pub(crate) fn expression(sql: &str, quoted_schema: &str) -> String {
    strip_outer_parens(&collapse_whitespace(&strip_schema(sql, quoted_schema)))
}

/// The normal form of a whole definition (view query, trigger, routine): own-schema
/// qualifications dropped and whitespace collapsed outside literals; a final `;` dropped.
pub(crate) fn definition(sql: &str, quoted_schema: &str) -> String {
    let text = collapse_whitespace(&strip_schema(sql, quoted_schema));
    text.strip_suffix(';')
        .map_or(text.clone(), |t| t.trim_end().to_string())
}

/// Splits `value::type` at its last top-level cast.
fn split_cast(sql: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut offset = 0;
    let mut last = None;
    for (kind, text) in pieces(sql) {
        if kind == Piece::Code {
            let b = text.as_bytes();
            for (j, c) in text.char_indices() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    ':' if depth == 0 && b.get(j + 1) == Some(&b':') => {
                        last = Some(offset + j);
                    }
                    _ => {}
                }
            }
        }
        offset += text.len();
    }
    last.map(|p| (sql[..p].trim(), sql[p + 2..].trim()))
}

/// A type name without its modifiers: `character varying(255)` → `character varying`,
/// `timestamp(3) with time zone` → `timestamp with time zone`.
fn base_type(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut depth = 0;
    for c in ty.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = collapse_whitespace(&out);
    match out.as_str() {
        "bpchar" => "character".to_string(),
        _ => out,
    }
}

fn is_numeric_type(base: &str) -> bool {
    matches!(
        base,
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision"
    )
}

fn is_string_type(base: &str) -> bool {
    matches!(base, "text" | "character varying" | "character")
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    !t.is_empty()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && t.chars().any(|c| c.is_ascii_digit())
}

/// The value of a plain `'…'` literal, unescaped.
fn string_value(text: &str) -> Option<String> {
    let parts = pieces(text);
    match parts.as_slice() {
        [(Piece::Str, s)] if s.starts_with('\'') && s.ends_with('\'') && s.len() >= 2 => {
            Some(s[1..s.len() - 1].replace("''", "'"))
        }
        _ => None,
    }
}

/// Classifies a column (or domain) default as rendered by `pg_get_expr`, for a column of
/// canonical type `column_type` in schema `quoted_schema`. `None` means no default at all
/// (an explicit `DEFAULT NULL`).
pub(crate) fn classify_default(
    raw: &str,
    column_type: &str,
    quoted_schema: &str,
) -> Option<DefaultValue> {
    let sql = expression(raw, quoted_schema);
    let upper = sql.to_ascii_uppercase();
    if upper == "NULL" || upper.starts_with("NULL::") {
        return None;
    }
    match upper.as_str() {
        "NOW()" | "CURRENT_TIMESTAMP" | "TRANSACTION_TIMESTAMP()" => {
            return Some(DefaultValue::CurrentTimestamp { precision: None })
        }
        _ => {}
    }
    if let Some(p) = upper
        .strip_prefix("CURRENT_TIMESTAMP(")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|p| p.parse::<u8>().ok())
    {
        return Some(DefaultValue::CurrentTimestamp { precision: Some(p) });
    }
    if let Some(value) = literal_value(&sql, column_type) {
        return Some(DefaultValue::Literal { value });
    }
    Some(DefaultValue::Expression { sql })
}

/// The constant a default stands for, when it is one: casts to the column's own type (or,
/// for numbers and strings, to a type of the same family) are not part of the value.
fn literal_value(sql: &str, column_type: &str) -> Option<String> {
    if sql == "true" || sql == "false" {
        return Some(sql.to_string());
    }
    if is_number(sql) {
        return Some(sql.to_string());
    }
    if let Some(s) = string_value(sql) {
        return Some(s);
    }
    let (value, cast) = split_cast(sql)?;
    let value = strip_outer_parens(value);
    let column = base_type(column_type);
    let cast = base_type(cast);
    let same = cast == column
        || (is_numeric_type(&cast) && is_numeric_type(&column))
        || (is_string_type(&cast) && is_string_type(&column));
    if !same {
        return None;
    }
    if is_number(&value) {
        return Some(value);
    }
    let text = string_value(&value)?;
    if is_numeric_type(&cast) && !is_number(&text) {
        return None;
    }
    Some(text)
}

/// A quoted identifier (always quoted, so any name is safe in generated SQL).
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: &str) -> Option<DefaultValue> {
        Some(DefaultValue::Literal { value: v.into() })
    }

    fn expr(v: &str) -> Option<DefaultValue> {
        Some(DefaultValue::Expression { sql: v.into() })
    }

    #[test]
    fn whitespace_collapses_outside_literals_only() {
        assert_eq!(
            collapse_whitespace(" SELECT  a,\n   'x  y'  AS \"b  c\"\n FROM t "),
            "SELECT a, 'x  y' AS \"b  c\" FROM t"
        );
        assert_eq!(
            collapse_whitespace("AS $f$\n  body  \n$f$ x"),
            "AS $f$\n  body  \n$f$ x"
        );
    }

    #[test]
    fn outer_parens_go_only_when_they_wrap_everything() {
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(
            strip_outer_parens("(a > 0) AND (b > 0)"),
            "(a > 0) AND (b > 0)"
        );
        assert_eq!(strip_outer_parens("(a = ')')"), "a = ')'");
    }

    #[test]
    fn own_schema_qualification_is_dropped_outside_literals() {
        assert_eq!(
            strip_schema("public.f(x, 'public.y') + xpublic.z + s.public.q", "public"),
            "f(x, 'public.y') + xpublic.z + s.public.q"
        );
        assert_eq!(
            strip_schema("\"My S\".\"T\" JOIN other.t", "\"My S\""),
            "\"T\" JOIN other.t"
        );
        assert_eq!(strip_schema("'a'::public.mood", "public"), "'a'::mood");
    }

    #[test]
    fn defaults_are_classified() {
        let c = |raw: &str, ty: &str| classify_default(raw, ty, "public");
        assert_eq!(
            c("'a'::character varying", "character varying(10)"),
            lit("a")
        );
        assert_eq!(c("'a'::text", "character varying(10)"), lit("a"));
        assert_eq!(c("'it''s'::text", "text"), lit("it's"));
        assert_eq!(c("'-1.5'::numeric", "double precision"), lit("-1.5"));
        assert_eq!(c("'10000000000'::bigint", "bigint"), lit("10000000000"));
        assert_eq!(c("0", "bigint"), lit("0"));
        assert_eq!(c("true", "boolean"), lit("true"));
        assert_eq!(c("'ok'::public.mood", "mood"), lit("ok"));
        assert_eq!(c("'{}'::text[]", "text[]"), lit("{}"));
        assert_eq!(c("NULL::text", "text"), None);
        assert_eq!(
            c("now()", "timestamp without time zone"),
            Some(DefaultValue::CurrentTimestamp { precision: None })
        );
        assert_eq!(
            c("CURRENT_TIMESTAMP(3)", "timestamp(3) with time zone"),
            Some(DefaultValue::CurrentTimestamp { precision: Some(3) })
        );
        assert_eq!(
            c("public.uuid_generate_v4()", "uuid"),
            expr("uuid_generate_v4()")
        );
        assert_eq!(c("'x'::text", "integer"), expr("'x'::text"));
        assert_eq!(c("(1 + 2)", "integer"), expr("1 + 2"));
    }
}
