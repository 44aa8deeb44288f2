//! Pure text normalisation for MySQL/MariaDB introspection: canonical types, classified
//! defaults, lexical clean-up of server-rendered SQL, generated-name patterns.
//!
//! Nothing here talks to a server; every function is a deterministic mapping from catalog text
//! to the canonical spelling `keel_model` stores (guide section 12.2).

use keel_model::DefaultValue;

/// Integer types whose display width is dropped (MySQL 8.0.19+ no longer shows it).
const INT_TYPES: [&str; 5] = ["tinyint", "smallint", "mediumint", "int", "bigint"];

/// The display width the server adds when none is written (signed, unsigned).
fn default_width(base: &str) -> (u32, u32) {
    match base {
        "tinyint" => (4, 3),
        "smallint" => (6, 5),
        "mediumint" => (9, 8),
        "int" => (11, 10),
        _ => (20, 20),
    }
}

/// Canonical spelling of a MySQL/MariaDB `COLUMN_TYPE`, plus the raw spelling when it carries
/// information the canonical form drops (a display width that is not the server's default).
///
/// Rules (guide 12.2.4): lower-case base type; integer display width dropped except
/// `tinyint(1)` (the boolean idiom) and `zerofill`; `unsigned` kept; `year(4)` → `year`.
pub fn canonical_type(column_type: &str) -> (String, Option<String>) {
    let text = column_type.trim();
    let base_end = text
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(text.len());
    let base = text[..base_end].to_ascii_lowercase();
    let rest = &text[base_end..];
    if base == "year" {
        return ("year".into(), None);
    }
    if !INT_TYPES.contains(&base.as_str()) {
        return (format!("{base}{rest}"), None);
    }
    let Some(after_paren) = rest.strip_prefix('(') else {
        return (format!("{base}{}", rest.to_ascii_lowercase()), None);
    };
    let Some((width, tail)) = after_paren.split_once(')') else {
        return (format!("{base}{rest}"), None);
    };
    let tail = tail.to_ascii_lowercase();
    let width: u32 = width.trim().parse().unwrap_or(0);
    let zerofill = tail.contains("zerofill");
    if zerofill || (base == "tinyint" && width == 1) {
        return (format!("{base}({width}){tail}"), None);
    }
    let canonical = format!("{base}{tail}");
    let (signed, unsigned) = default_width(&base);
    let server_default = if tail.contains("unsigned") {
        unsigned
    } else {
        signed
    };
    let raw = (width != server_default).then(|| format!("{base}({width}){tail}"));
    (canonical, raw)
}

/// Whether values of this `DATA_TYPE` are bytes rather than text (shown as hex).
pub fn is_binary_type(data_type: &str) -> bool {
    matches!(
        data_type.to_ascii_lowercase().as_str(),
        "binary"
            | "varbinary"
            | "tinyblob"
            | "blob"
            | "mediumblob"
            | "longblob"
            | "bit"
            | "geometry"
            | "point"
            | "linestring"
            | "polygon"
            | "multipoint"
            | "multilinestring"
            | "multipolygon"
            | "geometrycollection"
            | "geomcollection"
    )
}

/// `utf8` is the old name of `utf8mb3` (MySQL before 8.0.30); one spelling for both.
pub fn canonical_charset(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "utf8" {
        "utf8mb3".into()
    } else {
        lower
    }
}

/// `utf8_general_ci` → `utf8mb3_general_ci`, as [`canonical_charset`].
pub fn canonical_collation(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.strip_prefix("utf8_") {
        Some(rest) => format!("utf8mb3_{rest}"),
        None => lower,
    }
}

/// `CURRENT_TIMESTAMP`, `current_timestamp()`, `now(3)`, `localtimestamp` … → the precision
/// (`Some(None)` for none or 0), or `None` when the text is something else.
pub fn current_timestamp_precision(text: &str) -> Option<Option<u8>> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let compact = strip_outer_parens(&compact);
    for name in ["current_timestamp", "now", "localtimestamp", "localtime"] {
        let Some(rest) = compact.strip_prefix(name) else {
            continue;
        };
        if rest.is_empty() || rest == "()" {
            return Some(None);
        }
        if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            if let Ok(p) = inner.parse::<u8>() {
                return Some((p > 0).then_some(p));
            }
        }
    }
    None
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut digits = 0;
    let mut dots = 0;
    for c in mantissa.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return false,
        }
    }
    if digits == 0 || dots > 1 {
        return false;
    }
    match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
        }
    }
}

/// `b'101'` → `5`.
fn bit_literal(text: &str) -> Option<String> {
    let inner = text
        .strip_prefix("b'")
        .or_else(|| text.strip_prefix("B'"))?
        .strip_suffix('\'')?;
    if inner.is_empty() {
        return Some("0".into());
    }
    u128::from_str_radix(inner, 2).ok().map(|v| v.to_string())
}

/// `0x00FF` / `X'00ff'` → the bytes.
fn hex_literal(text: &str) -> Option<Vec<u8>> {
    let digits = if let Some(d) = text.strip_prefix("0x") {
        d
    } else {
        text.strip_prefix("x'")
            .or_else(|| text.strip_prefix("X'"))?
            .strip_suffix('\'')?
    };
    hex::decode(if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_string()
    })
    .ok()
}

/// Unquotes a single-quoted SQL string as MariaDB renders it in `COLUMN_DEFAULT`
/// (`''` and backslash escapes), returning bytes: binary defaults need not be UTF-8.
pub fn unquote_bytes(text: &str) -> Option<Vec<u8>> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && i + 1 < bytes.len() {
            i += 1;
            out.push(match bytes[i] {
                b'0' => 0,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'b' => 8,
                b'Z' => 26,
                other => other,
            });
        } else if b == b'\'' && i + 1 < bytes.len() && bytes[i + 1] == b'\'' {
            out.push(b'\'');
            i += 1;
        } else {
            out.push(b);
        }
        i += 1;
    }
    Some(out)
}

/// MySQL 8 shows expressions in `COLUMN_DEFAULT`, `GENERATION_EXPRESSION`, `CHECK_CLAUSE` and
/// `EXPRESSION` with their quotes backslash-escaped (`_utf8mb4\'a\'`); undo that.
pub fn unescape_mysql8_expression(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('\'') => {
                    out.push('\'');
                    chars.next();
                }
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Which server's `COLUMN_DEFAULT` conventions apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultStyle {
    /// MySQL: literals unquoted, expressions flagged `DEFAULT_GENERATED` in `EXTRA`.
    Mysql,
    /// MariaDB 10.2.7+: literals quoted, `NULL` text for "no default", expressions bare.
    Mariadb,
}

/// Classifies a column default (guide 12.2.5): `None` when the column has none.
///
/// `raw` is `COLUMN_DEFAULT` (`None` for SQL NULL); `extra` is `EXTRA`; `data_type` the
/// column's `DATA_TYPE`.
pub fn classify_default(
    raw: Option<&str>,
    extra: &str,
    data_type: &str,
    style: DefaultStyle,
) -> Option<DefaultValue> {
    let raw = raw?;
    let binary = is_binary_type(data_type)
        && !data_type.eq_ignore_ascii_case("bit")
        && !is_spatial(data_type);
    let bit = data_type.eq_ignore_ascii_case("bit");
    let literal = |value: String| Some(DefaultValue::Literal { value });
    let hex_value = |bytes: &[u8]| format!("0x{}", hex::encode(bytes));
    match style {
        DefaultStyle::Mariadb => {
            let text = raw.trim();
            if text.eq_ignore_ascii_case("null") {
                return None;
            }
            if text.starts_with('\'') && text.ends_with('\'') && text.len() >= 2 {
                let bytes = unquote_bytes(text)?;
                if binary {
                    return literal(hex_value(&bytes));
                }
                return literal(String::from_utf8_lossy(&bytes).into_owned());
            }
            classify_unquoted(text, binary, bit)
        }
        DefaultStyle::Mysql => {
            let generated = extra.to_ascii_lowercase().contains("default_generated");
            if generated {
                let text = unescape_mysql8_expression(raw.trim());
                if let Some(precision) = current_timestamp_precision(&text) {
                    return Some(DefaultValue::CurrentTimestamp { precision });
                }
                return Some(DefaultValue::Expression {
                    sql: normalize_expression(&text),
                });
            }
            if binary {
                if let Some(bytes) = hex_literal(raw.trim()) {
                    return literal(hex_value(&bytes));
                }
                return literal(hex_value(raw.as_bytes()));
            }
            if bit {
                if let Some(v) = bit_literal(raw.trim()) {
                    return literal(v);
                }
            }
            if let Some(precision) = current_timestamp_precision(raw) {
                return Some(DefaultValue::CurrentTimestamp { precision });
            }
            // Anything else MySQL shows without DEFAULT_GENERATED is the literal itself.
            literal(raw.to_string())
        }
    }
}

fn is_spatial(data_type: &str) -> bool {
    is_binary_type(data_type)
        && !matches!(
            data_type.to_ascii_lowercase().as_str(),
            "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" | "bit"
        )
}

fn classify_unquoted(text: &str, binary: bool, bit: bool) -> Option<DefaultValue> {
    if is_number(text) {
        return Some(DefaultValue::Literal {
            value: text.to_string(),
        });
    }
    if let Some(v) = bit_literal(text) {
        if bit {
            return Some(DefaultValue::Literal { value: v });
        }
    }
    if binary {
        if let Some(bytes) = hex_literal(text) {
            return Some(DefaultValue::Literal {
                value: format!("0x{}", hex::encode(bytes)),
            });
        }
    }
    if let Some(precision) = current_timestamp_precision(text) {
        return Some(DefaultValue::CurrentTimestamp { precision });
    }
    Some(DefaultValue::Expression {
        sql: normalize_expression(text),
    })
}

/// The `ON UPDATE` clause in `EXTRA` (`on update current_timestamp(2)`), classified.
pub fn on_update(extra: &str) -> Option<DefaultValue> {
    let lower = extra.to_ascii_lowercase();
    let at = lower.find("on update ")?;
    let value = extra[at + "on update ".len()..].trim();
    let value = value.split_whitespace().next().unwrap_or(value);
    match current_timestamp_precision(value) {
        Some(precision) => Some(DefaultValue::CurrentTimestamp { precision }),
        None => Some(DefaultValue::Expression {
            sql: normalize_expression(value),
        }),
    }
}

/// Lexical normalisation of a server-rendered expression: whitespace collapsed outside
/// literals and redundant outer parentheses removed. Never rewrites semantics.
pub fn normalize_expression(text: &str) -> String {
    let squeezed = squeeze_whitespace(text);
    strip_outer_parens(&squeezed).trim().to_string()
}

/// Removes parentheses that enclose the whole text (repeatedly).
pub fn strip_outer_parens(text: &str) -> &str {
    let mut t = text.trim();
    while t.starts_with('(') && t.ends_with(')') && closing_paren(t) == Some(t.len() - 1) {
        t = t[1..t.len() - 1].trim();
    }
    t
}

/// Byte index of the parenthesis closing the one at index 0, skipping quoted text.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut lexer = Lexer::new(text);
    while let Some((start, token)) = lexer.next_token() {
        if let Token::Other(c) = token {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(start);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// A quoted string, identifier, or comment: copied verbatim.
    Verbatim(&'a str),
    /// A line comment (`-- …`, `# …`), without its newline.
    LineComment(&'a str),
    /// A run of whitespace.
    Space,
    /// Any other character.
    Other(char),
}

/// A tiny SQL lexer that knows just enough to leave literals, quoted identifiers and
/// comments alone.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn next_token(&mut self) -> Option<(usize, Token<'a>)> {
        let start = self.pos;
        let rest = &self.text[start..];
        let c = rest.chars().next()?;
        let token = match c {
            '\'' | '"' | '`' => {
                let end = quoted_end(rest, c);
                self.pos += end;
                Token::Verbatim(&rest[..end])
            }
            '#' => self.line_comment(rest),
            '-' if rest.starts_with("--")
                && rest[2..].chars().next().is_none_or(char::is_whitespace) =>
            {
                self.line_comment(rest)
            }
            '/' if rest.starts_with("/*") => {
                let end = rest[2..].find("*/").map_or(rest.len(), |i| i + 4);
                self.pos += end;
                Token::Verbatim(&rest[..end])
            }
            c if c.is_whitespace() => {
                let end = rest
                    .find(|ch: char| !ch.is_whitespace())
                    .unwrap_or(rest.len());
                self.pos += end;
                Token::Space
            }
            other => {
                self.pos += other.len_utf8();
                Token::Other(other)
            }
        };
        Some((start, token))
    }

    fn line_comment(&mut self, rest: &'a str) -> Token<'a> {
        let end = rest.find('\n').unwrap_or(rest.len());
        self.pos += end;
        Token::LineComment(rest[..end].trim_end())
    }
}

/// Length of the quoted text at the start of `rest` (quote `q`), honouring doubled quotes
/// and (outside backticks) backslash escapes. Unterminated quotes run to the end.
fn quoted_end(rest: &str, q: char) -> usize {
    let bytes = rest.as_bytes();
    let quote = q as u8;
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && q != '`' {
            i += 2;
            continue;
        }
        if b == quote {
            if i + 1 < bytes.len() && bytes[i + 1] == quote {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    rest.len()
}

/// Collapses whitespace outside literals, quoted identifiers and comments to one space (a
/// newline after a line comment, so the comment does not swallow the next line); trims.
pub fn squeeze_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lexer = Lexer::new(text);
    let mut after_line_comment = false;
    while let Some((_, token)) = lexer.next_token() {
        match token {
            Token::Space => {
                if after_line_comment {
                    out.push('\n');
                } else if !out.is_empty() {
                    out.push(' ');
                }
                after_line_comment = false;
                continue;
            }
            Token::LineComment(c) => {
                out.push_str(c);
                after_line_comment = true;
                continue;
            }
            Token::Verbatim(v) => out.push_str(v),
            Token::Other(c) => out.push(c),
        }
        after_line_comment = false;
    }
    out.trim().to_string()
}

/// `` `name` `` with embedded backticks doubled.
pub fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Removes `` `db`. `` qualifications (outside literals) from server-rendered SQL, so a
/// view's definition does not depend on the database's name.
pub fn strip_schema_qualifier(text: &str, database: &str) -> String {
    let qualifier = quote_ident(database);
    let mut out = String::with_capacity(text.len());
    let mut lexer = Lexer::new(text);
    let mut skip_dot = false;
    while let Some((_, token)) = lexer.next_token() {
        match token {
            Token::Verbatim(v) if v == qualifier => {
                let rest = &text[lexer.pos..];
                if rest.starts_with('.') {
                    skip_dot = true;
                    continue;
                }
                out.push_str(v);
            }
            Token::Other('.') if skip_dot => {}
            Token::Verbatim(v) | Token::LineComment(v) => out.push_str(v),
            Token::Space => out.push(' '),
            Token::Other(c) => out.push(c),
        }
        skip_dot = false;
    }
    out
}

/// Removes the `DEFINER=user@host` clause from `SHOW CREATE …` text.
pub fn strip_definer(text: &str) -> String {
    let upper = text.to_ascii_uppercase();
    let Some(at) = upper.find("DEFINER=") else {
        return text.to_string();
    };
    // Only the clause right after CREATE counts, not a word inside the body.
    if !upper[..at].trim().eq_ignore_ascii_case("CREATE") {
        return text.to_string();
    }
    let rest = &text[at + "DEFINER=".len()..];
    let mut i = 0;
    let bytes = rest.as_bytes();
    // user, optional @host; each part quoted (`…`, '…', "…") or bare.
    loop {
        match bytes.get(i) {
            Some(b'`') | Some(b'\'') | Some(b'"') => {
                i += quoted_end(&rest[i..], bytes[i] as char);
            }
            Some(b) if !b.is_ascii_whitespace() && *b != b'@' => {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'@' {
                    i += 1;
                }
            }
            _ => {}
        }
        if bytes.get(i) == Some(&b'@') {
            i += 1;
            continue;
        }
        break;
    }
    format!("{}{}", &text[..at], rest[i..].trim_start())
}

/// `{table}_ibfk_{N}`: InnoDB's name for an unnamed foreign key.
pub fn is_auto_fk_name(table: &str, name: &str) -> bool {
    numbered_suffix(name, &format!("{table}_ibfk_"))
}

/// MySQL's `{table}_chk_{N}` or MariaDB's `CONSTRAINT_{N}` for unnamed CHECKs.
pub fn is_auto_check_name(table: &str, name: &str) -> bool {
    numbered_suffix(name, &format!("{table}_chk_")) || numbered_suffix(name, "CONSTRAINT_")
}

/// `{first column}`, `{first column}_{N}` or `functional_index[_{N}]`: the names MySQL gives
/// unnamed indexes.
pub fn is_auto_index_name(name: &str, first_column: Option<&str>) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == "functional_index" || numbered_suffix(&lower, "functional_index_") {
        return true;
    }
    let Some(column) = first_column else {
        return false;
    };
    let column = column.to_ascii_lowercase();
    lower == column || numbered_suffix(&lower, &format!("{column}_"))
}

fn numbered_suffix(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Canonical text of a float read as a double (`FLOAT` columns are selected as `x + 0e0` so
/// no digits are lost): the shortest decimal that reads back as the same `f32`.
pub fn float_text(double_text: &str) -> String {
    match double_text.trim().parse::<f64>() {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the value was a FLOAT; narrowing restores it exactly"
        )]
        Ok(v) if v.is_finite() => format!("{}", v as f32),
        _ => double_text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: &str) -> Option<DefaultValue> {
        Some(DefaultValue::Literal { value: v.into() })
    }

    #[test]
    fn integer_display_widths_are_dropped_except_boolean_and_zerofill() {
        assert_eq!(canonical_type("int(11)"), ("int".into(), None));
        assert_eq!(canonical_type("int"), ("int".into(), None));
        assert_eq!(
            canonical_type("int(10) unsigned"),
            ("int unsigned".into(), None)
        );
        assert_eq!(
            canonical_type("int(4)"),
            ("int".into(), Some("int(4)".into()))
        );
        assert_eq!(canonical_type("tinyint(1)"), ("tinyint(1)".into(), None));
        assert_eq!(
            canonical_type("tinyint(3) unsigned"),
            ("tinyint unsigned".into(), None)
        );
        assert_eq!(
            canonical_type("int(4) unsigned zerofill"),
            ("int(4) unsigned zerofill".into(), None)
        );
        assert_eq!(canonical_type("bigint(20)"), ("bigint".into(), None));
        assert_eq!(canonical_type("year(4)"), ("year".into(), None));
        assert_eq!(
            canonical_type("enum('A','b')"),
            ("enum('A','b')".into(), None)
        );
        assert_eq!(
            canonical_type("decimal(10,2)"),
            ("decimal(10,2)".into(), None)
        );
    }

    #[test]
    fn mariadb_defaults_are_unquoted_and_null_means_none() {
        let m = DefaultStyle::Mariadb;
        assert_eq!(classify_default(Some("NULL"), "", "varchar", m), None);
        assert_eq!(classify_default(None, "", "int", m), None);
        assert_eq!(
            classify_default(Some("'NULL'"), "", "varchar", m),
            lit("NULL")
        );
        assert_eq!(classify_default(Some("'0'"), "", "varchar", m), lit("0"));
        assert_eq!(classify_default(Some("0"), "", "int", m), lit("0"));
        assert_eq!(
            classify_default(Some("'it''s'"), "", "varchar", m),
            lit("it's")
        );
        assert_eq!(
            classify_default(Some("'back\\\\slash\\n'"), "", "varchar", m),
            lit("back\\slash\n")
        );
        assert_eq!(
            classify_default(Some("'ab\\0'"), "", "binary", m),
            lit("0x616200")
        );
        assert_eq!(classify_default(Some("b'101'"), "", "bit", m), lit("5"));
        assert_eq!(
            classify_default(Some("current_timestamp(2)"), "", "datetime", m),
            Some(DefaultValue::CurrentTimestamp { precision: Some(2) })
        );
        assert_eq!(
            classify_default(Some("current_timestamp()"), "", "timestamp", m),
            Some(DefaultValue::CurrentTimestamp { precision: None })
        );
        assert_eq!(
            classify_default(Some("(1 + 2)"), "", "int", m),
            Some(DefaultValue::Expression {
                sql: "1 + 2".into()
            })
        );
    }

    #[test]
    fn mysql_defaults_use_default_generated() {
        let m = DefaultStyle::Mysql;
        assert_eq!(classify_default(Some("abc"), "", "varchar", m), lit("abc"));
        assert_eq!(
            classify_default(Some("NULL"), "", "varchar", m),
            lit("NULL")
        );
        assert_eq!(
            classify_default(
                Some("CURRENT_TIMESTAMP(2)"),
                "DEFAULT_GENERATED",
                "datetime",
                m
            ),
            Some(DefaultValue::CurrentTimestamp { precision: Some(2) })
        );
        assert_eq!(
            classify_default(Some("0x00FF"), "", "varbinary", m),
            lit("0x00ff")
        );
        assert_eq!(
            classify_default(
                Some("concat(_utf8mb4\\'a\\',_utf8mb4\\'b\\')"),
                "DEFAULT_GENERATED",
                "varchar",
                m
            ),
            Some(DefaultValue::Expression {
                sql: "concat(_utf8mb4'a',_utf8mb4'b')".into()
            })
        );
    }

    #[test]
    fn on_update_is_read_from_extra() {
        assert_eq!(
            on_update("DEFAULT_GENERATED on update CURRENT_TIMESTAMP(2)"),
            Some(DefaultValue::CurrentTimestamp { precision: Some(2) })
        );
        assert_eq!(
            on_update("on update current_timestamp()"),
            Some(DefaultValue::CurrentTimestamp { precision: None })
        );
        assert_eq!(on_update("auto_increment"), None);
    }

    #[test]
    fn lexical_normalisation_keeps_literals() {
        assert_eq!(
            squeeze_whitespace("  set  new.a =\n 'a  b' ;  "),
            "set new.a = 'a  b' ;"
        );
        assert_eq!(
            squeeze_whitespace("begin -- note\n  return 1;\nend"),
            "begin -- note\nreturn 1; end"
        );
        assert_eq!(normalize_expression("((`a` > 0))"), "`a` > 0");
        assert_eq!(
            normalize_expression("(`a` > 0) and (`b` > 0)"),
            "(`a` > 0) and (`b` > 0)"
        );
        assert_eq!(
            strip_schema_qualifier("select `db`.`t`.`a` AS `a`,'`db`.x' from `db`.`t`", "db"),
            "select `t`.`a` AS `a`,'`db`.x' from `t`"
        );
    }

    #[test]
    fn definer_is_removed() {
        assert_eq!(
            strip_definer("CREATE DEFINER=`keel`@`127.0.0.1` FUNCTION `f`() RETURNS int"),
            "CREATE FUNCTION `f`() RETURNS int"
        );
        assert_eq!(
            strip_definer("CREATE DEFINER=`a``b`@`%` PROCEDURE `p`()"),
            "CREATE PROCEDURE `p`()"
        );
        assert_eq!(
            strip_definer("CREATE PROCEDURE `p`()"),
            "CREATE PROCEDURE `p`()"
        );
    }

    #[test]
    fn generated_names_are_recognised() {
        assert!(is_auto_fk_name("posts", "posts_ibfk_1"));
        assert!(!is_auto_fk_name("posts", "posts_user_fk"));
        assert!(is_auto_check_name("t", "CONSTRAINT_2"));
        assert!(is_auto_check_name("t", "t_chk_1"));
        assert!(is_auto_index_name("email_2", Some("email")));
        assert!(is_auto_index_name("functional_index", None));
        assert!(!is_auto_index_name("users_email_unique", Some("email")));
    }

    #[test]
    fn floats_round_trip() {
        assert_eq!(float_text("1.2345678806304932"), "1.2345679");
        assert_eq!(float_text("0.10000000149011612"), "0.1");
    }
}
