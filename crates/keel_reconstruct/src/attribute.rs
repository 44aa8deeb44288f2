//! Which lost migration each piece belongs to: first by name, then moved where the pieces it
//! depends on exist.

use keel_model::{Schema, Snapshot};

use crate::{Op, Piece, Target};

/// How strongly a name must speak of a piece of a created table to take it away from the
/// migration that creates the table: it has to name the piece itself, not only the table.
const NAMES_THE_PIECE: u32 = 60;

/// What a migration name is matched against: the words of one piece.
struct Words<'a> {
    table: &'a str,
    /// The piece's own name (column, index, key, object).
    own: Option<&'a str>,
    /// Columns an index, key or check is made of.
    columns: Vec<&'a str>,
    /// A table a foreign key references, or a trigger's table.
    other_table: Option<&'a str>,
}

/// `_`-delimited whole-word containment: `device_tokens` is in `_add_revoked_at_to_device_tokens_table_`.
fn mentions(name: &str, word: &str) -> bool {
    !word.is_empty() && name.contains(&format!("_{}_", word.to_lowercase()))
}

fn about_keys(name: &str) -> bool {
    ["index", "unique", "foreign", "primary", "key", "fk"]
        .iter()
        .any(|w| mentions(name, w))
}

fn score(p: &Piece, w: &Words<'_>, name: &str) -> u32 {
    let table = mentions(name, w.table);
    let own = w.own.is_some_and(|o| mentions(name, o));
    let all_columns = !w.columns.is_empty() && w.columns.iter().all(|c| mentions(name, c));
    match (&p.target, p.op) {
        (Target::Table, Op::Add) if table && mentions(name, "create") => 100,
        (Target::Table, Op::Drop)
            if table
                && ["drop", "remove", "delete"]
                    .iter()
                    .any(|v| mentions(name, v)) =>
        {
            100
        }
        (Target::Table, _) if table => 30,
        // `add_action_index_to_audit_logs` is about an index on `action`, not the column.
        (Target::Column(_), _) if own && about_keys(name) => 40,
        (Target::Column(_), _) if own && table => 90,
        (Target::Column(_), _) if own => NAMES_THE_PIECE,
        (Target::Index(_) | Target::ForeignKey(_) | Target::Check(_), _) if own => 90,
        (Target::Index(_) | Target::ForeignKey(_) | Target::Check(_), _)
            if all_columns && table =>
        {
            80
        }
        (Target::Index(_) | Target::ForeignKey(_) | Target::Check(_), _) if all_columns => 70,
        (Target::ForeignKey(_), _) if table && w.other_table.is_some_and(|t| mentions(name, t)) => {
            60
        }
        (Target::Index(_), _) if table && ["index", "unique"].iter().any(|v| mentions(name, v)) => {
            50
        }
        (Target::Shape, _) if table && mentions(name, "primary") => 50,
        (
            Target::View(_)
            | Target::Routine(_)
            | Target::Sequence(_)
            | Target::Enum(_)
            | Target::Domain(_)
            | Target::Trigger(_),
            _,
        ) if own => 90,
        (Target::Trigger(_), _) if w.other_table.is_some_and(|t| mentions(name, t)) => 30,
        _ if table => 20,
        _ => 0,
    }
}

fn words<'a>(p: &'a Piece, from: &'a Snapshot, to: &'a Snapshot) -> Words<'a> {
    let side = |snap: &'a Snapshot| snap.schemas.get(&p.schema);
    // A drop is described by the old definition, anything else by the new one.
    let schema: Option<&'a Schema> = if p.op == Op::Drop {
        side(from)
    } else {
        side(to)
    };
    let table = schema.and_then(|s| s.tables.get(&p.table));
    let mut w = Words {
        table: &p.table,
        own: None,
        columns: Vec::new(),
        other_table: None,
    };
    match &p.target {
        Target::Column(c) => w.own = Some(c),
        Target::Index(n) => {
            w.own = Some(n);
            if let Some(i) = table.and_then(|t| t.indexes.get(n)) {
                w.columns = i
                    .parts
                    .iter()
                    .filter_map(|part| part.column.as_deref())
                    .collect();
            }
        }
        Target::ForeignKey(n) => {
            w.own = Some(n);
            if let Some(fk) = table.and_then(|t| t.foreign_keys.get(n)) {
                w.columns = fk.columns.iter().map(String::as_str).collect();
                w.other_table = Some(&fk.ref_table);
            }
        }
        Target::Check(n) => w.own = Some(n),
        Target::Trigger(n) => {
            w.own = Some(n);
            w.other_table = schema
                .and_then(|s| s.triggers.get(n))
                .map(|t| t.table.as_str());
        }
        Target::View(n)
        | Target::Routine(n)
        | Target::Sequence(n)
        | Target::Enum(n)
        | Target::Domain(n) => {
            // Routines are keyed `name(args)`: the name is what a migration would mention.
            w.own = Some(n.split('(').next().unwrap_or(n));
        }
        Target::Table | Target::Shape => {}
    }
    w
}

/// Gives each piece an owner by name: the best-scoring migration (the later one on a tie), or
/// the last migration when no name fits. A piece of a created table stays with the table unless
/// a later migration names the piece itself.
pub(crate) fn attribute(pieces: &mut [Piece], names: &[String], from: &Snapshot, to: &Snapshot) {
    let last = names.len() - 1;
    let best = |p: &Piece| -> Option<(usize, u32)> {
        let w = words(p, from, to);
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (i, score(p, &w, n)))
            .filter(|&(_, s)| s > 0)
            .max_by_key(|&(i, s)| (s, i))
    };
    let scored: Vec<Option<(usize, u32)>> = pieces.iter().map(best).collect();
    for (p, s) in pieces.iter_mut().zip(&scored) {
        (p.owner, p.by_name) = s.map_or((last, false), |(i, _)| (i, true));
    }
    // Parts of created tables follow their table, unless a later name claims the part itself.
    let tables: Vec<(String, String, usize, bool)> = pieces
        .iter()
        .filter(|p| p.target == Target::Table && p.op == Op::Add)
        .map(|p| (p.schema.clone(), p.table.clone(), p.owner, p.by_name))
        .collect();
    for (p, s) in pieces.iter_mut().zip(&scored) {
        if !p.in_created_table {
            continue;
        }
        let Some(&(_, _, owner, by_name)) =
            tables.iter().find(|t| t.0 == p.schema && t.1 == p.table)
        else {
            continue;
        };
        let primary_key_part = matches!(&p.target, Target::Shape)
            || matches!(&p.target, Target::Column(c) if to
                .schemas
                .get(&p.schema)
                .and_then(|s| s.tables.get(&p.table))
                .and_then(|t| t.primary_key.as_ref())
                .is_some_and(|pk| pk.columns.contains(c)));
        match s {
            Some((i, score)) if *i > owner && *score >= NAMES_THE_PIECE && !primary_key_part => {
                (p.owner, p.by_name) = (*i, true);
            }
            _ => (p.owner, p.by_name) = (owner, by_name),
        }
    }
}

/// A foreign key no name claims, to a table a lost migration created, goes with that migration
/// (`create_posts_table` also links `photos` to `posts`), and so do the key's new columns.
pub(crate) fn follow_references(pieces: &mut [Piece], to: &Snapshot) {
    let created: Vec<(String, String, usize)> = pieces
        .iter()
        .filter(|p| p.target == Target::Table && p.op == Op::Add)
        .map(|p| (p.schema.clone(), p.table.clone(), p.owner))
        .collect();
    let mut linked: Vec<(String, String, String, usize)> = Vec::new();
    for p in pieces.iter_mut().filter(|p| !p.by_name && p.op == Op::Add) {
        let Target::ForeignKey(name) = &p.target else {
            continue;
        };
        let Some(fk) = to
            .schemas
            .get(&p.schema)
            .and_then(|s| s.tables.get(&p.table))
            .and_then(|t| t.foreign_keys.get(name))
        else {
            continue;
        };
        let Some(&(_, _, owner)) = created
            .iter()
            .find(|(s, t, _)| *s == p.schema && *t == fk.ref_table)
        else {
            continue;
        };
        (p.owner, p.by_name) = (owner, true);
        for c in &fk.columns {
            linked.push((p.schema.clone(), p.table.clone(), c.clone(), owner));
        }
    }
    for p in pieces.iter_mut().filter(|p| !p.by_name && p.op == Op::Add) {
        if let Target::Column(c) = &p.target {
            if let Some(&(_, _, _, owner)) = linked
                .iter()
                .find(|(s, t, col, _)| *s == p.schema && *t == p.table && col == c)
            {
                (p.owner, p.by_name) = (owner, true);
            }
        }
    }
}

/// Moves pieces so that each migration only uses what exists by then: additions no earlier
/// than the table, columns and referenced tables they need; removals no later than the drop of
/// what they stand on. Repeats until nothing moves.
pub(crate) fn settle(pieces: &mut [Piece], from: &Snapshot, to: &Snapshot) {
    loop {
        let mut moved = false;
        for i in 0..pieces.len() {
            let p = &pieces[i];
            let (after, before) = bounds(p, pieces, from, to);
            let mut owner = p.owner;
            if let Some(b) = before {
                owner = owner.min(b);
            }
            if let Some(a) = after {
                owner = owner.max(a);
            }
            if owner != p.owner {
                pieces[i].owner = owner;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// The earliest (`after`) and latest (`before`) migration a piece may land in.
fn bounds(
    p: &Piece,
    all: &[Piece],
    from: &Snapshot,
    to: &Snapshot,
) -> (Option<usize>, Option<usize>) {
    let owner_of = |schema: &str, table: &str, target: &Target, op: Op| {
        all.iter()
            .find(|q| q.schema == schema && q.table == table && &q.target == target && q.op == op)
            .map(|q| q.owner)
    };
    let table_added = || owner_of(&p.schema, &p.table, &Target::Table, Op::Add);
    let column_added =
        |table: &str, c: &str| owner_of(&p.schema, table, &Target::Column(c.to_string()), Op::Add);
    let column_dropped =
        |table: &str, c: &str| owner_of(&p.schema, table, &Target::Column(c.to_string()), Op::Drop);
    let table_dropped = |table: &str| owner_of(&p.schema, table, &Target::Table, Op::Drop);
    let max = |v: &[Option<usize>]| v.iter().flatten().copied().max();
    let min = |v: &[Option<usize>]| v.iter().flatten().copied().min();

    let definition = if p.op == Op::Drop { from } else { to };
    let schema = definition.schemas.get(&p.schema);
    let table = schema.and_then(|s| s.tables.get(&p.table));
    let (columns, ref_table, ref_columns): (Vec<&str>, Option<&str>, Vec<&str>) = match &p.target {
        Target::Index(n) => (
            table
                .and_then(|t| t.indexes.get(n))
                .map(|i| i.parts.iter().filter_map(|x| x.column.as_deref()).collect())
                .unwrap_or_default(),
            None,
            Vec::new(),
        ),
        Target::ForeignKey(n) => match table.and_then(|t| t.foreign_keys.get(n)) {
            Some(fk) => (
                fk.columns.iter().map(String::as_str).collect(),
                Some(fk.ref_table.as_str()),
                fk.ref_columns.iter().map(String::as_str).collect(),
            ),
            None => (Vec::new(), None, Vec::new()),
        },
        Target::Shape => (
            table
                .and_then(|t| t.primary_key.as_ref())
                .map(|pk| pk.columns.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            None,
            Vec::new(),
        ),
        Target::Trigger(n) => (
            Vec::new(),
            schema
                .and_then(|s| s.triggers.get(n))
                .map(|t| t.table.as_str()),
            Vec::new(),
        ),
        _ => (Vec::new(), None, Vec::new()),
    };
    match p.op {
        Op::Add | Op::Change => {
            let mut needs = vec![table_added()];
            needs.extend(columns.iter().map(|c| column_added(&p.table, c)));
            if let Some(r) = ref_table {
                needs.push(owner_of(&p.schema, r, &Target::Table, Op::Add));
                needs.extend(ref_columns.iter().map(|c| column_added(r, c)));
            }
            // A view or trigger body names tables and columns only in its text: it runs no
            // earlier than any table or column it mentions that a lost migration adds.
            if let Some(body) = body_text(p, schema) {
                for q in all
                    .iter()
                    .filter(|q| q.op == Op::Add && q.schema == p.schema)
                {
                    let word = match &q.target {
                        Target::Table => &q.table,
                        Target::Column(c) => c,
                        _ => continue,
                    };
                    if mentions_word(body, word) {
                        needs.push(Some(q.owner));
                    }
                }
            }
            if p.target == Target::Table {
                needs.clear();
            }
            (max(&needs), None)
        }
        Op::Drop => {
            let mut stands_on: Vec<Option<usize>> = columns
                .iter()
                .map(|c| column_dropped(&p.table, c))
                .collect();
            if let Some(r) = ref_table {
                stands_on.push(table_dropped(r));
            }
            (None, min(&stands_on))
        }
    }
}

/// The SQL text of a view or trigger piece.
fn body_text<'a>(p: &Piece, schema: Option<&'a Schema>) -> Option<&'a str> {
    let s = schema?;
    match &p.target {
        Target::View(n) => s.views.get(n).map(|v| v.definition.as_str()),
        Target::Trigger(n) => s.triggers.get(n).map(|t| t.definition.as_str()),
        _ => None,
    }
}

/// Whether `word` stands in `text` as a whole identifier (case-insensitive).
fn mentions_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}
