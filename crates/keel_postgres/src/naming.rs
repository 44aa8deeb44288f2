//! PostgreSQL's generated names (`ChooseRelationName` / `ChooseConstraintName` /
//! `makeObjectName` in the server), so that inspected names can be flagged `auto_named`.
//!
//! The server builds `{table}_{columns}_{label}` and, on a collision, `{label}1`, `{label}2`…;
//! the parts are shortened so the whole fits in 63 bytes, never cutting a UTF-8 character.

/// The longest identifier the server keeps, in bytes (`NAMEDATALEN - 1`).
pub(crate) const MAX_IDENTIFIER: usize = 63;

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary
/// (`pg_mbcliplen`).
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `makeObjectName(name1, name2, label)`.
pub(crate) fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut overhead = 0;
    if name2.is_some() {
        overhead += 1;
    }
    if !label.is_empty() {
        overhead += label.len() + 1;
    }
    let avail = MAX_IDENTIFIER.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    if !label.is_empty() {
        out.push('_');
        out.push_str(label);
    }
    out
}

/// The `{columns}` part: names joined with `_` (`ChooseIndexNameAddition`,
/// `ChooseForeignKeyConstraintNameAddition`).
pub(crate) fn addition<S: AsRef<str>>(names: &[S]) -> String {
    let mut out = String::new();
    for name in names {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(name.as_ref());
        if out.len() > MAX_IDENTIFIER {
            break;
        }
    }
    out
}

/// Whether `name` is what the server would generate from `name1`, `name2` and `label`, with
/// or without a collision number.
pub(crate) fn is_generated(name: &str, name1: &str, name2: Option<&str>, label: &str) -> bool {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if make_object_name(name1, name2, label) == name {
        return true;
    }
    if digits == 0 {
        return false;
    }
    let number = &name[name.len() - digits..];
    make_object_name(name1, name2, &format!("{label}{number}")) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_joined() {
        assert_eq!(
            make_object_name("users", Some("email"), "key"),
            "users_email_key"
        );
        assert_eq!(make_object_name("users", None, "pkey"), "users_pkey");
        assert!(is_generated(
            "users_email_key1",
            "users",
            Some("email"),
            "key"
        ));
        assert!(!is_generated(
            "users_email_unique",
            "users",
            Some("email"),
            "key"
        ));
    }

    #[test]
    fn long_names_are_cut_on_character_boundaries() {
        let table = "é".repeat(40); // 80 bytes
        let name = make_object_name(&table, Some("column_name"), "key");
        assert!(name.len() <= MAX_IDENTIFIER);
        assert!(name.ends_with("_column_name_key"));
        assert!(is_generated(&name, &table, Some("column_name"), "key"));
    }
}
