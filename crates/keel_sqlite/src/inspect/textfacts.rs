//! The facts the per-table pragmas report (`table_xinfo`, `index_list`, `index_xinfo`,
//! `foreign_key_list`), derived from the stored `CREATE` text instead.
//!
//! Each table-valued pragma makes SQLite prepare a `PRAGMA` statement per table, which cost
//! several times SQLite's own schema load on large schemas. The text says the same things
//! for ordinary tables, provided SQLite's rules are followed exactly (its `build.c`):
//! - a column's declared type is the text between its name and its first constraint;
//! - a single-column PRIMARY KEY on a column declared exactly `INTEGER` is the rowid (no
//!   index) in a rowid table, unless the column constraint says `DESC`; every other PRIMARY
//!   KEY, and every UNIQUE constraint, gets an index named `sqlite_autoindex_<table>_<n>`,
//!   numbered in declaration order (a WITHOUT ROWID table's would-be rowid key last);
//! - a key column's collation is the constraint's `COLLATE`, else the column's last one;
//! - key columns are NOT NULL in WITHOUT ROWID tables, and in STRICT ones unless they are
//!   the rowid;
//! - foreign keys are listed last-declared first, each `ON` action the last one written.
//!
//! The reader is deliberately strict: anything it does not recognise completely — and the
//! cases where SQLite merges or reinterprets what was written (two keys on the same
//! columns, a repeated PRIMARY KEY column or DEFAULT, a quoted type name, an index term
//! that is neither a plain column nor a collation-free expression, `DESC` before the
//! database has shown it honours it) — returns `None`, and that table is read through the
//! pragmas as before. The facts therefore equal the pragmas' or are not used; the unit
//! tests compare both on tricky schemas.

use super::sqltext::{matching, split_commas, Tok};
use super::{ColInfo, FkRow, IndexCol, IndexListRow};

/// Everything the pragmas would have said about one table.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TableFacts {
    pub columns: Vec<ColInfo>,
    /// By index name, in name order (as `ORDER BY name` returns them).
    pub indexes: Vec<(IndexListRow, Vec<IndexCol>)>,
    /// In the pragma's order: id (last-declared first), then position.
    pub foreign_keys: Vec<FkRow>,
}

/// A `CREATE INDEX` of the table: its name in `sqlite_schema` and its text as tokens.
pub(super) struct IndexText<'a> {
    pub name: &'a str,
    pub tokens: &'a [Tok],
}

/// One part of a PRIMARY KEY or UNIQUE constraint.
struct KeyPart {
    column: usize,
    collation: Option<String>,
    desc: bool,
}

enum KeyKind {
    Primary,
    Unique,
}

struct Key {
    kind: KeyKind,
    parts: Vec<KeyPart>,
    /// A column constraint's `DESC` (`x INTEGER PRIMARY KEY DESC` is not the rowid).
    column_desc: bool,
    column_level: bool,
}

struct Fk {
    from: Vec<String>,
    table: String,
    to: Vec<String>,
    on_delete: &'static str,
    on_update: &'static str,
}

struct Col {
    name: String,
    ty: Vec<Tok>,
    notnull: bool,
    default: Option<Vec<Tok>>,
    collation: Option<String>,
    hidden: i64,
}

/// The facts of ordinary table `table` from its CREATE text and its `CREATE INDEX`
/// statements, or `None` when the text is not certain to give what the pragmas would.
/// `desc_honoured`: whether this database is known to keep `DESC` on index columns (files
/// in the legacy format 1–3 ignore it).
pub(super) fn table_facts(
    table: &str,
    without_rowid: bool,
    strict: bool,
    tokens: &[Tok],
    indexes: &[IndexText<'_>],
    desc_honoured: bool,
) -> Option<TableFacts> {
    let body = table_body(tokens)?;
    let mut cols: Vec<Col> = Vec::new();
    let mut keys: Vec<Key> = Vec::new();
    let mut fks: Vec<Fk> = Vec::new();
    for item in split_commas(body) {
        let first = item.first()?;
        if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|kw| first.is_kw(kw))
        {
            table_constraints(item, &cols, &mut keys, &mut fks)?;
        } else {
            column(item, &mut cols, &mut keys, &mut fks)?;
        }
    }
    if cols.is_empty() {
        return None;
    }
    let pk = keys.iter().position(|k| matches!(k.kind, KeyKind::Primary));
    if keys
        .iter()
        .filter(|k| matches!(k.kind, KeyKind::Primary))
        .count()
        > 1
    {
        return None;
    }
    // Two keys on the same columns are merged by SQLite; a repeated column is dropped.
    let lists: Vec<Vec<usize>> = keys
        .iter()
        .map(|k| k.parts.iter().map(|p| p.column).collect())
        .collect();
    for (i, l) in lists.iter().enumerate() {
        if lists[..i].contains(l) || (1..l.len()).any(|j| l[..j].contains(&l[j])) {
            return None;
        }
    }
    let rowid_pk = pk.filter(|&k| {
        let key = &keys[k];
        key.parts.len() == 1
            && !key.column_desc
            && matches!(cols[key.parts[0].column].ty.as_slice(), [Tok::Word(w)] if w.eq_ignore_ascii_case("INTEGER"))
    });

    let mut columns: Vec<ColInfo> = cols
        .iter()
        .map(|c| ColInfo {
            name: c.name.clone(),
            ty: super::canon_type_tokens(&c.ty),
            notnull: c.notnull,
            default: c.default.clone(),
            pk: 0,
            hidden: c.hidden,
        })
        .collect();
    if let Some(k) = pk {
        for (n, p) in keys[k].parts.iter().enumerate() {
            columns[p.column].pk = n as i64 + 1;
            // Key columns are NOT NULL in WITHOUT ROWID tables, and in STRICT tables unless
            // they are the rowid.
            if without_rowid || (strict && rowid_pk != Some(k)) {
                columns[p.column].notnull = true;
            }
        }
    }

    // Constraint indexes, numbered as SQLite creates them.
    let mut order: Vec<usize> = (0..keys.len())
        .filter(|&k| Some(k) != rowid_pk || without_rowid)
        .collect();
    if let Some(k) = rowid_pk.filter(|_| without_rowid) {
        // Kept as the rowid while parsing, turned into the key's index at the end.
        order.retain(|&x| x != k);
        order.push(k);
    }
    let mut out: Vec<(IndexListRow, Vec<IndexCol>)> = Vec::new();
    for (n, &k) in order.iter().enumerate() {
        let key = &keys[k];
        let parts = key
            .parts
            .iter()
            .map(|p| {
                let c = &cols[p.column];
                IndexCol {
                    cid: p.column as i64,
                    name: Some(c.name.clone()),
                    desc: p.desc && !(Some(k) == rowid_pk && key.column_level),
                    // A column constraint's index takes the column's last COLLATE, even one
                    // written after it (SQLite corrects the index); a WITHOUT ROWID table's
                    // would-be rowid key is rebuilt from the column name alone.
                    coll: p
                        .collation
                        .clone()
                        .filter(|_| Some(k) != rowid_pk)
                        .or_else(|| c.collation.clone())
                        .unwrap_or_else(|| "BINARY".into()),
                }
            })
            .collect();
        out.push((
            IndexListRow {
                name: format!("sqlite_autoindex_{table}_{}", n + 1),
                unique: true,
                origin: match key.kind {
                    KeyKind::Primary => "pk",
                    KeyKind::Unique => "u",
                }
                .into(),
            },
            parts,
        ));
    }
    for ix in indexes {
        out.push(create_index(ix, table, &cols)?);
    }
    if out.iter().flat_map(|(_, p)| p).any(|p| p.desc) && !desc_honoured {
        return None;
    }
    out.sort_by(|a, b| a.0.name.as_bytes().cmp(b.0.name.as_bytes()));

    let mut foreign_keys = Vec::new();
    for (id, fk) in fks.iter().rev().enumerate() {
        if !fk.to.is_empty() && fk.to.len() != fk.from.len() {
            return None;
        }
        for (seq, from) in fk.from.iter().enumerate() {
            let from = cols.iter().find(|c| c.name.eq_ignore_ascii_case(from))?;
            foreign_keys.push(FkRow {
                id: id as i64,
                table: fk.table.clone(),
                from: from.name.clone(),
                to: fk.to.get(seq).cloned(),
                on_update: fk.on_update.into(),
                on_delete: fk.on_delete.into(),
            });
        }
    }
    Some(TableFacts {
        columns,
        indexes: out,
        foreign_keys,
    })
}

/// The tokens between the parentheses of `CREATE [TEMP] TABLE [IF NOT EXISTS] name (…)`,
/// when only table options (`WITHOUT ROWID`, `STRICT`) follow them.
fn table_body(tokens: &[Tok]) -> Option<&[Tok]> {
    let mut i = 0;
    expect(tokens, &mut i, "CREATE")?;
    if tokens
        .get(i)
        .is_some_and(|t| t.is_kw("TEMP") || t.is_kw("TEMPORARY"))
    {
        i += 1;
    }
    expect(tokens, &mut i, "TABLE")?;
    if tokens.get(i).is_some_and(|t| t.is_kw("IF")) {
        expect(tokens, &mut (i + 1), "NOT")?;
        i += 3;
    }
    name(tokens.get(i)?)?;
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_op(".")) {
        name(tokens.get(i + 1)?)?;
        i += 2;
    }
    if !tokens.get(i)?.is_op("(") {
        return None;
    }
    let close = matching(tokens, i);
    if !tokens.get(close)?.is_op(")") {
        return None;
    }
    let options_ok = tokens[close + 1..].iter().all(|t| {
        t.is_kw("WITHOUT")
            || t.is_kw("STRICT")
            || t.is_op(",")
            || t.is_op(";")
            || matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("rowid"))
    });
    options_ok.then(|| &tokens[i + 1..close])
}

fn expect(tokens: &[Tok], i: &mut usize, kw: &str) -> Option<()> {
    tokens.get(*i)?.is_kw(kw).then(|| *i += 1)
}

/// The identifier a token names where SQLite expects a name.
fn name(t: &Tok) -> Option<String> {
    match t {
        Tok::Word(s) | Tok::Ident(s) | Tok::Str(s) => Some(s.clone()),
        _ => None,
    }
}

const COLUMN_CONSTRAINT_START: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// Reads one column definition.
fn column(item: &[Tok], cols: &mut Vec<Col>, keys: &mut Vec<Key>, fks: &mut Vec<Fk>) -> Option<()> {
    // A string literal is a name to SQLite too, but keep to the usual spellings.
    let col_name = match item.first()? {
        Tok::Word(s) | Tok::Ident(s) => s.clone(),
        _ => return None,
    };
    if cols.iter().any(|c| c.name.eq_ignore_ascii_case(&col_name)) {
        return None;
    }
    let mut i = 1;
    let mut depth = 0usize;
    while let Some(t) = item.get(i) {
        if depth == 0 && COLUMN_CONSTRAINT_START.iter().any(|kw| t.is_kw(kw)) {
            break;
        }
        match t {
            Tok::Op("(") => depth += 1,
            Tok::Op(")") => depth = depth.checked_sub(1)?,
            Tok::Op("," | "+" | "-") => {}
            // SQLite drops a trailing "always" (and "generated") from a type name, and
            // dequotes a quoted one: leave both to the pragmas.
            Tok::Word(w) if w.len() >= 6 && w[w.len() - 6..].eq_ignore_ascii_case("always") => {
                return None
            }
            Tok::Word(_) | Tok::Num(_) => {}
            _ => return None,
        }
        i += 1;
    }
    let index = cols.len();
    cols.push(Col {
        name: col_name,
        ty: item[1..i].to_vec(),
        notnull: false,
        default: None,
        collation: None,
        hidden: 0,
    });
    let mut seen_default = false;
    let mut seen_generated = false;
    while i < item.len() {
        let t = &item[i];
        if t.is_kw("CONSTRAINT") {
            name(item.get(i + 1)?)?;
            i += 2;
        } else if t.is_kw("PRIMARY") {
            expect(item, &mut (i + 1), "KEY")?;
            i += 2;
            let mut desc = false;
            if item.get(i).is_some_and(|t| t.is_kw("ASC")) {
                i += 1;
            } else if item.get(i).is_some_and(|t| t.is_kw("DESC")) {
                desc = true;
                i += 1;
            }
            i = on_conflict(item, i)?;
            if item.get(i).is_some_and(|t| t.is_kw("AUTOINCREMENT")) {
                i += 1;
            }
            keys.push(Key {
                kind: KeyKind::Primary,
                parts: vec![KeyPart {
                    column: index,
                    collation: None,
                    desc,
                }],
                column_desc: desc,
                column_level: true,
            });
        } else if t.is_kw("NOT") {
            expect(item, &mut (i + 1), "NULL")?;
            i = on_conflict(item, i + 2)?;
            cols[index].notnull = true;
        } else if t.is_kw("NULL") {
            i = on_conflict(item, i + 1)?;
        } else if t.is_kw("UNIQUE") {
            i = on_conflict(item, i + 1)?;
            keys.push(Key {
                kind: KeyKind::Unique,
                parts: vec![KeyPart {
                    column: index,
                    collation: None,
                    desc: false,
                }],
                column_desc: false,
                column_level: true,
            });
        } else if t.is_kw("CHECK") {
            i = parenthesised(item, i + 1)?;
        } else if t.is_kw("DEFAULT") {
            if seen_default {
                return None;
            }
            seen_default = true;
            let start = i + 1;
            let first = item.get(start)?;
            let end = if first.is_op("(") {
                parenthesised(item, start)?
            } else if first.is_op("+") || first.is_op("-") {
                match item.get(start + 1)? {
                    Tok::Num(_) | Tok::Str(_) | Tok::Blob(_) => start + 2,
                    Tok::Word(w) if w.eq_ignore_ascii_case("NULL") => start + 2,
                    _ => return None,
                }
            } else {
                match first {
                    // A literal, a keyword value (NULL, TRUE, CURRENT_TIMESTAMP…) or a name.
                    Tok::Num(_) | Tok::Str(_) | Tok::Blob(_) | Tok::Ident(_) | Tok::Word(_) => {
                        start + 1
                    }
                    _ => return None,
                }
            };
            cols[index].default = Some(item[start..end].to_vec());
            i = end;
        } else if t.is_kw("COLLATE") {
            cols[index].collation = Some(name(item.get(i + 1)?)?);
            i += 2;
        } else if t.is_kw("REFERENCES") {
            let (fk, next) = references(item, i + 1, vec![cols[index].name.clone()])?;
            fks.push(fk);
            i = next;
        } else if t.is_kw("GENERATED") || t.is_kw("AS") {
            if seen_generated {
                return None;
            }
            seen_generated = true;
            if t.is_kw("GENERATED") {
                expect(item, &mut (i + 1), "ALWAYS")?;
                expect(item, &mut (i + 2), "AS")?;
                i += 2;
            }
            i = parenthesised(item, i + 1)?;
            cols[index].hidden = 2;
            if item.get(i).is_some_and(|t| t.is_kw("STORED")) {
                cols[index].hidden = 3;
                i += 1;
            } else if item.get(i).is_some_and(|t| t.is_kw("VIRTUAL")) {
                i += 1;
            }
        } else {
            return None;
        }
    }
    if seen_generated && seen_default {
        return None;
    }
    Some(())
}

/// Reads one or more table constraints (SQLite allows them without commas between).
fn table_constraints(
    item: &[Tok],
    cols: &[Col],
    keys: &mut Vec<Key>,
    fks: &mut Vec<Fk>,
) -> Option<()> {
    let mut i = 0;
    while i < item.len() {
        let t = &item[i];
        if t.is_kw("CONSTRAINT") {
            name(item.get(i + 1)?)?;
            i += 2;
        } else if t.is_kw("PRIMARY") || t.is_kw("UNIQUE") {
            let primary = t.is_kw("PRIMARY");
            i += 1;
            if primary {
                expect(item, &mut i, "KEY")?;
            }
            let (parts, next) = key_parts(item, i, cols)?;
            i = on_conflict(item, next)?;
            keys.push(Key {
                kind: if primary {
                    KeyKind::Primary
                } else {
                    KeyKind::Unique
                },
                parts,
                column_desc: false,
                column_level: false,
            });
        } else if t.is_kw("CHECK") {
            i = on_conflict(item, parenthesised(item, i + 1)?)?;
        } else if t.is_kw("FOREIGN") {
            expect(item, &mut (i + 1), "KEY")?;
            let open = i + 2;
            if !item.get(open)?.is_op("(") {
                return None;
            }
            let close = matching(item, open);
            let mut from = Vec::new();
            for part in split_commas(&item[open + 1..close]) {
                match part {
                    [t] => from.push(name(t)?),
                    _ => return None,
                }
            }
            expect(item, &mut (close + 1), "REFERENCES")?;
            let (fk, next) = references(item, close + 2, from)?;
            fks.push(fk);
            i = next;
        } else {
            return None;
        }
    }
    Some(())
}

/// `( name [COLLATE c] [ASC|DESC], … )` at `open`; every name a column of the table.
fn key_parts(item: &[Tok], open: usize, cols: &[Col]) -> Option<(Vec<KeyPart>, usize)> {
    if !item.get(open)?.is_op("(") {
        return None;
    }
    let close = matching(item, open);
    if !item.get(close)?.is_op(")") {
        return None;
    }
    let mut parts = Vec::new();
    for part in split_commas(&item[open + 1..close]) {
        let (rest, desc) = sort_order(part);
        let (col, collation) = match rest {
            [c] => (c, None),
            [c, kw, coll] if kw.is_kw("COLLATE") => (c, Some(name(coll)?)),
            _ => return None,
        };
        let col = name(col)?;
        let column = cols
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(&col))?;
        parts.push(KeyPart {
            column,
            collation,
            desc,
        });
    }
    (!parts.is_empty()).then_some((parts, close + 1))
}

/// Splits a trailing `ASC`/`DESC` off a key or index term.
fn sort_order(part: &[Tok]) -> (&[Tok], bool) {
    match part.split_last() {
        Some((last, rest)) if last.is_kw("DESC") => (rest, true),
        Some((last, rest)) if last.is_kw("ASC") => (rest, false),
        _ => (part, false),
    }
}

/// The index after `( … )` at `open`.
fn parenthesised(item: &[Tok], open: usize) -> Option<usize> {
    if !item.get(open)?.is_op("(") {
        return None;
    }
    let close = matching(item, open);
    item.get(close)?.is_op(")").then_some(close + 1)
}

/// The index after an optional `ON CONFLICT resolution` at `i`.
fn on_conflict(item: &[Tok], i: usize) -> Option<usize> {
    if !item.get(i).is_some_and(|t| t.is_kw("ON")) {
        return Some(i);
    }
    expect(item, &mut (i + 1), "CONFLICT")?;
    let res = item.get(i + 2)?;
    ["ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"]
        .iter()
        .any(|r| res.is_kw(r))
        .then_some(i + 3)
}

/// A foreign-key clause after `REFERENCES` at `i`.
fn references(item: &[Tok], mut i: usize, from: Vec<String>) -> Option<(Fk, usize)> {
    let table = name(item.get(i)?)?;
    i += 1;
    let mut to = Vec::new();
    if item.get(i).is_some_and(|t| t.is_op("(")) {
        let close = matching(item, i);
        if !item.get(close)?.is_op(")") {
            return None;
        }
        for part in split_commas(&item[i + 1..close]) {
            match part {
                [t] => to.push(name(t)?),
                _ => return None,
            }
        }
        if to.is_empty() {
            return None;
        }
        i = close + 1;
    }
    let mut fk = Fk {
        from,
        table,
        to,
        on_delete: "NO ACTION",
        on_update: "NO ACTION",
    };
    while let Some(t) = item.get(i) {
        if t.is_kw("ON") {
            let event = item.get(i + 1)?;
            let a = item.get(i + 2)?;
            let (action, len) = if a.is_kw("SET") {
                let b = item.get(i + 3)?;
                if b.is_kw("NULL") {
                    ("SET NULL", 2)
                } else if b.is_kw("DEFAULT") {
                    ("SET DEFAULT", 2)
                } else {
                    return None;
                }
            } else if a.is_kw("NO") {
                expect(item, &mut (i + 3), "ACTION")?;
                ("NO ACTION", 2)
            } else if a.is_kw("CASCADE") {
                ("CASCADE", 1)
            } else if a.is_kw("RESTRICT") {
                ("RESTRICT", 1)
            } else {
                return None;
            };
            if event.is_kw("DELETE") {
                fk.on_delete = action;
            } else if event.is_kw("UPDATE") {
                fk.on_update = action;
            } else {
                return None;
            }
            i += 2 + len;
        } else if t.is_kw("MATCH") {
            name(item.get(i + 1)?)?;
            i += 2;
        } else if t.is_kw("NOT") || t.is_kw("DEFERRABLE") {
            if t.is_kw("NOT") {
                i += 1;
            }
            expect(item, &mut i, "DEFERRABLE")?;
            if item.get(i).is_some_and(|t| t.is_kw("INITIALLY")) {
                let when = item.get(i + 1)?;
                if !(when.is_kw("DEFERRED") || when.is_kw("IMMEDIATE")) {
                    return None;
                }
                i += 2;
            }
        } else {
            break;
        }
    }
    Some((fk, i))
}

/// The `index_list` row and key columns of a `CREATE INDEX`.
fn create_index(
    ix: &IndexText<'_>,
    table: &str,
    cols: &[Col],
) -> Option<(IndexListRow, Vec<IndexCol>)> {
    let tokens = ix.tokens;
    let mut i = 0;
    expect(tokens, &mut i, "CREATE")?;
    let unique = tokens.get(i).is_some_and(|t| t.is_kw("UNIQUE"));
    if unique {
        i += 1;
    }
    expect(tokens, &mut i, "INDEX")?;
    if tokens.get(i).is_some_and(|t| t.is_kw("IF")) {
        i += 3;
    }
    name(tokens.get(i)?)?;
    i += 1;
    if tokens.get(i).is_some_and(|t| t.is_op(".")) {
        i += 2;
    }
    expect(tokens, &mut i, "ON")?;
    if !name(tokens.get(i)?)?.eq_ignore_ascii_case(table) {
        return None;
    }
    let open = i + 1;
    if !tokens.get(open)?.is_op("(") {
        return None;
    }
    let close = matching(tokens, open);
    if !tokens.get(close)?.is_op(")") {
        return None;
    }
    let mut parts = Vec::new();
    for part in split_commas(&tokens[open + 1..close]) {
        let (rest, desc) = sort_order(part);
        let column = |t: &Tok| -> Option<usize> {
            let n = match t {
                Tok::Word(s) | Tok::Ident(s) | Tok::Str(s) => s,
                _ => return None,
            };
            cols.iter().position(|c| c.name.eq_ignore_ascii_case(n))
        };
        let col = match rest {
            [] => return None,
            [t] => Some((column(t)?, None)),
            [t, kw, coll] if kw.is_kw("COLLATE") => Some((column(t)?, Some(name(coll)?))),
            // An expression; one whose collation needs operator precedence to place, or
            // that SQLite may read as a column after all, is left to the pragmas.
            _ if rest.iter().any(|t| t.is_kw("COLLATE"))
                || super::sqltext::strip_parens(rest).len() == 1 =>
            {
                return None
            }
            _ => None,
        };
        parts.push(match col {
            Some((c, coll)) => IndexCol {
                cid: c as i64,
                name: Some(cols[c].name.clone()),
                desc,
                coll: coll
                    .or_else(|| cols[c].collation.clone())
                    .unwrap_or_else(|| "BINARY".into()),
            },
            None => IndexCol {
                cid: -2,
                name: None,
                desc,
                coll: "BINARY".into(),
            },
        });
    }
    if parts.is_empty() {
        return None;
    }
    if let Some(rest) = tokens.get(close + 1..) {
        if !rest.is_empty() && !rest[0].is_kw("WHERE") && !rest[0].is_op(";") {
            return None;
        }
    }
    Some((
        IndexListRow {
            name: ix.name.to_string(),
            unique,
            origin: "c".into(),
        },
        parts,
    ))
}

#[cfg(test)]
mod tests {
    //! Every fact read from the text is checked against what the pragmas say on the same
    //! database: whole snapshots through both routes must be byte-identical, and the tables
    //! the reader claims must be the ones expected.

    use super::super::{Inspector, SnapshotBuilder};
    use super::*;
    use keel_driver::InspectOptions;

    /// Snapshots `conn` through the text route and through the pragmas only; returns both
    /// JSON texts and how many tables the text route left to the pragmas.
    fn both_routes(conn: &rusqlite::Connection) -> (String, String, usize) {
        let options = InspectOptions::default();
        let snapshot = |text: bool| {
            let mut inspector = Inspector::new(conn, &options).expect("inspector");
            inspector.text_facts = text;
            let mut builder = SnapshotBuilder::new();
            inspector.run("3.46", &mut builder).expect("inspect");
            let json = builder.into_snapshot().expect("snapshot").to_json();
            (json, inspector.pragma_tables)
        };
        let (text, left) = snapshot(true);
        let (pragmas, _) = snapshot(false);
        (text, pragmas, left)
    }

    fn db(sql: &str) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute_batch(sql).expect("schema");
        conn
    }

    #[test]
    fn the_text_route_gives_the_pragmas_bytes_on_tricky_tables() {
        let conn = db(r#"
            CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
            CREATE TABLE comp (a INT, b TEXT, PRIMARY KEY (a, b));
            CREATE TABLE "Quoted ""Name""" (
                "Id" INTEGER PRIMARY KEY,
                [b c] TEXT NOT NULL DEFAULT 'x',
                `d` VARCHAR( 10 , 2 ) UNIQUE
            );
            CREATE INDEX "ix Q" ON "Quoted ""Name""" ("Id" COLLATE nocase, [b c]);
            CREATE TABLE st (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                n INT NOT NULL ON CONFLICT REPLACE,
                t TEXT COLLATE NOCASE UNIQUE,
                x ANY
            ) STRICT;
            CREATE UNIQUE INDEX ix_str ON st ('t');
            CREATE TABLE g (
                a INT,
                b INT GENERATED ALWAYS AS (a * 2) STORED,
                c AS (a + 1),
                d TEXT GENERATED ALWAYS AS (upper(a)) VIRTUAL
            );
            CREATE INDEX ix_expr ON g (lower(d), a) WHERE a > 0;
            CREATE TABLE cons (
                a INT CONSTRAINT a_u UNIQUE,
                b INT,
                c INT,
                CONSTRAINT bc UNIQUE (b, c) ON CONFLICT IGNORE,
                CHECK (a > 0),
                FOREIGN KEY (b, c) REFERENCES comp (a, b) ON DELETE CASCADE ON UPDATE SET NULL
                    DEFERRABLE INITIALLY DEFERRED,
                CONSTRAINT fk2 FOREIGN KEY (a) REFERENCES parent ON UPDATE RESTRICT ON UPDATE NO ACTION
            );
            CREATE TABLE cm ( -- leading, with a comma
                id INTEGER /* the key */ PRIMARY KEY,
                v TEXT -- trailing, comment
                    DEFAULT ( 'a' || 'b' ) /* x, y */ ,
                w INT DEFAULT - 1, w2 REAL DEFAULT +1.5e3, w3 BLOB DEFAULT x'AB',
                w4 TEXT DEFAULT "dq", w5 TEXT DEFAULT NULL, w6 BOOLEAN DEFAULT FALSE,
                w7 TEXT DEFAULT CURRENT_TIMESTAMP, w8 INT DEFAULT (datetime('now'))
            );
            CREATE TABLE old_name (a INT PRIMARY KEY, b TEXT REFERENCES parent (code));
            CREATE INDEX old_b ON old_name (b);
            ALTER TABLE old_name RENAME TO "new name";
            ALTER TABLE "new name" RENAME COLUMN b TO "B col";
            ALTER TABLE "new name" ADD COLUMN c INT DEFAULT 3 REFERENCES comp;
            ALTER TABLE parent RENAME TO parents;
            CREATE TABLE dropped (a INT, b INT, c INT);
            ALTER TABLE dropped DROP COLUMN b;
            CREATE TABLE int_pk (id INT PRIMARY KEY, v TEXT);
            CREATE TABLE tl_pk (id INTEGER, v TEXT, PRIMARY KEY (id));
            CREATE TABLE wr2 (id INTEGER PRIMARY KEY, u TEXT UNIQUE, z INT) WITHOUT ROWID;
            CREATE TABLE wr3 (a TEXT, b INT, PRIMARY KEY (b, a COLLATE nocase), UNIQUE (a)) WITHOUT ROWID;
            CREATE TABLE nocoltype (a, b, c PRIMARY KEY);
            CREATE TABLE st2 (id TEXT PRIMARY KEY, n INT, m INTEGER, UNIQUE (n, m)) STRICT;
            CREATE TABLE st3 (a INT, b TEXT, PRIMARY KEY (a, b)) STRICT, WITHOUT ROWID;
            CREATE TABLE st4 (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;
            CREATE TABLE uc (a TEXT UNIQUE COLLATE nocase, b TEXT COLLATE rtrim PRIMARY KEY);
            CREATE TABLE kw ("select" INT, key TEXT, action TEXT, no BOOLEAN DEFAULT TRUE);
            CREATE INDEX kw_ix ON kw ("select", key);
            CREATE TABLE ty (a UNSIGNED BIG INT, b DOUBLE PRECISION, d DECIMAL(+10, -2), e varchar);
            CREATE TABLE nc (a INT, b INT, PRIMARY KEY (a) UNIQUE (b) CHECK (b <> 0));
            CREATE TABLE child (
                p_id INTEGER REFERENCES parents,
                q INT REFERENCES comp ON DELETE SET DEFAULT MATCH SIMPLE,
                r INT, s TEXT,
                FOREIGN KEY (r, s) REFERENCES comp
            );
            CREATE TABLE IF NOT EXISTS main.qual (a INT);
            CREATE VIEW v AS SELECT a FROM qual;
            CREATE TRIGGER trg AFTER INSERT ON qual BEGIN SELECT 1; END;
            "#);
        let (text, pragmas, left) = both_routes(&conn);
        assert_eq!(text, pragmas);
        assert_eq!(left, 0, "every table above is one the text reader knows");
    }

    #[test]
    fn what_sqlite_reinterprets_goes_through_the_pragmas_with_the_same_bytes() {
        let conn = db(r#"
            CREATE TABLE dup (a INT PRIMARY KEY UNIQUE, b INT, UNIQUE (b), UNIQUE (b ASC));
            CREATE TABLE quoted_type (a "quoted type", b "INTEGER" PRIMARY KEY);
            CREATE TABLE pk_twice (a INT, b INT, PRIMARY KEY (a, b, a));
            CREATE TABLE paren_ix (a INT, b INT);
            CREATE INDEX paren_ix_a ON paren_ix ((a));
            CREATE TABLE coll_expr (a TEXT, b TEXT);
            CREATE INDEX coll_expr_ix ON coll_expr (a || b COLLATE nocase);
            CREATE TABLE gen_always (a VERYLONGTYPEALWAYS);
            CREATE TABLE str_col ('e' INT, f TEXT);
            "#);
        let (text, pragmas, left) = both_routes(&conn);
        assert_eq!(text, pragmas);
        assert_eq!(left, 7);
    }

    #[test]
    fn descending_keys_wait_until_the_file_shows_it_keeps_them() {
        let conn = db(r#"
            CREATE TABLE a_first (a INT, b INT);
            CREATE INDEX a_first_ix ON a_first (a DESC, b);
            CREATE TABLE b_ipk_desc (id INTEGER PRIMARY KEY DESC, v TEXT);
            CREATE TABLE c_tl_desc (id INTEGER, v TEXT, PRIMARY KEY (id DESC));
            CREATE TABLE d_wr (a TEXT, b INT, PRIMARY KEY (b DESC, a)) WITHOUT ROWID;
            "#);
        let (text, pragmas, left) = both_routes(&conn);
        assert_eq!(text, pragmas);
        // Learnt from the first chunk read through the pragmas; `c_tl_desc`'s key is the
        // rowid, which has no index to be descending.
        assert_eq!(left, 3);
        // Over more than one chunk, the tables after the first chunk are read from text;
        // each refers to the one before it by its primary key, across the chunk boundary too.
        let tables: String = (0..super::super::CHUNK + 10)
            .map(|i| {
                format!(
                    "CREATE TABLE t{i:04} (a INT, b TEXT, p_a INT, p_b TEXT, PRIMARY KEY (b, a), \
                     FOREIGN KEY (p_a, p_b) REFERENCES t{:04});
                     CREATE INDEX t{i:04}_ix ON t{i:04} (a DESC);",
                    i.saturating_sub(1)
                )
            })
            .collect();
        let (text, pragmas, left) = both_routes(&db(&tables));
        assert_eq!(text, pragmas);
        assert_eq!(left, super::super::CHUNK);
    }

    #[test]
    fn derived_facts_match_the_pragma_rows() {
        let conn = db(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT COLLATE nocase NOT NULL DEFAULT 'x', \
             b INT, UNIQUE (a, b DESC), FOREIGN KEY (b) REFERENCES t (id) ON DELETE CASCADE);
             CREATE INDEX t_b ON t (b, lower(a));",
        );
        let sql = |kind: &str, name: &str| -> Vec<Tok> {
            let text: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
                    [kind, name],
                    |r| r.get(0),
                )
                .expect("sql");
            super::super::sqltext::lex(&text)
        };
        let table = sql("table", "t");
        let index = sql("index", "t_b");
        let facts = table_facts(
            "t",
            false,
            false,
            &table,
            &[IndexText {
                name: "t_b",
                tokens: &index,
            }],
            true,
        )
        .expect("facts");
        let options = InspectOptions::default();
        let mut inspector = Inspector::new(&conn, &options).expect("inspector");
        inspector.load_pragmas(&["t"]).expect("pragmas");
        assert_eq!(facts.columns, *inspector.column_cache["t"]);
        let lists = &inspector.index_lists["t"];
        let from_pragmas: Vec<(IndexListRow, Vec<IndexCol>)> = lists
            .iter()
            .map(|l| (l.clone(), inspector.index_columns[&l.name].clone()))
            .collect();
        assert_eq!(facts.indexes, from_pragmas);
        assert_eq!(facts.foreign_keys, inspector.fk_lists["t"]);
        assert_eq!(facts.indexes[0].0.name, "sqlite_autoindex_t_1");
        assert!(facts.indexes[0].1[1].desc);
        assert_eq!(facts.indexes[1].1[1].cid, -2);
    }
}
