use keel_model::{
    Check, Column, DefaultValue, Deferral, Domain, EnumType, ForeignKey, Identity, Index,
    IndexKind, PrimaryKey, Routine, Sequence, Table, Trigger, View,
};

use super::{default_sql, parenthesized, quote_literal, trigger_name};
use crate::{Ddl, EnumUse, TableRef};

/// PostgreSQL (13 and later): everything is altered in place, in a transaction, except
/// `ALTER TYPE … ADD VALUE` (a label added cannot be used in the transaction that adds it, so
/// such a script runs statement by statement). Columns cannot be reordered: a column-order
/// difference is reported as a manual step, never planned.
///
/// Names are always written out (the snapshot key *is* the name the server reports, already
/// cut to 63 bytes), so the server never picks one. Text the server rendered with
/// `search_path = ''` and that keel stripped of the object's own schema is replayed with that
/// schema first on the search path when the object lives outside `public`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Postgres;

/// The longest identifier PostgreSQL keeps, in bytes (`NAMEDATALEN - 1`).
const MAX_IDENTIFIER: usize = 63;

/// The name an enum gets while its replacement takes its place.
const OLD_ENUM_SUFFIX: &str = "__keel_old";

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
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

/// The server's `makeObjectName(name1, name2, label)`: `{name1}_{name2}_{label}`, the two
/// names shortened (longer one first) so the whole fits in 63 bytes.
fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = usize::from(name2.is_some()) + label.len() + 1;
    let avail = MAX_IDENTIFIER.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
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
    out.push('_');
    out.push_str(label);
    out
}

/// Whether `text` mentions `name` as a whole word (case-insensitive), quoted or not.
fn mentions(text: &str, name: &str) -> bool {
    let lower = text.to_lowercase();
    let name = name.to_lowercase();
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut start = 0;
    while let Some(pos) = lower[start..].find(&name) {
        let at = start + pos;
        let before = lower[..at].chars().next_back();
        let after = lower[at + name.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return true;
        }
        start = at + name.len();
    }
    false
}

/// The settings `CREATE SEQUENCE … AS ty` starts with.
fn default_sequence(ty: &str) -> Sequence {
    let max = match ty {
        "smallint" => i64::from(i16::MAX),
        "integer" => i64::from(i32::MAX),
        _ => i64::MAX,
    };
    Sequence {
        ty: ty.to_string(),
        start: 1,
        increment: 1,
        min: 1,
        max,
        cache: 1,
        cycle: false,
        owned_by: None,
    }
}

/// Whether a literal of type `ty` may be written bare (`0`, `true`) rather than quoted: only
/// for the number and boolean types themselves (a bare `30` is no `interval`).
fn bare_literals(ty: &str) -> bool {
    let base = ty.split('(').next().unwrap_or(ty).trim();
    matches!(
        base,
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision" | "boolean"
    )
}

/// The sequence type a serial or identity column of type `ty` gets.
fn sequence_type(ty: &str) -> &str {
    match ty {
        "smallint" | "integer" | "bigint" => ty,
        _ => "bigint",
    }
}

impl Postgres {
    /// `"schema"."name"`, or `"name"` in `public`.
    fn q(&self, schema: &str, name: &str) -> String {
        self.qualified(schema, name)
    }

    fn table(&self, t: TableRef<'_>) -> String {
        self.q(t.schema, t.name)
    }

    /// `COLLATE` argument: `C` → `"C"`, `schema.coll` → `"schema"."coll"`.
    fn collation(&self, c: &str) -> String {
        match c.split_once('.') {
            Some((s, n)) => format!("{}.{}", self.quote(s), self.quote(n)),
            None => self.quote(c),
        }
    }

    /// A sequence reference as the model writes it (`name`, or `schema.name` outside the
    /// table's schema) → (schema, name).
    fn sequence_ref<'a>(schema: &'a str, sequence: &'a str) -> (&'a str, &'a str) {
        sequence.split_once('.').unwrap_or((schema, sequence))
    }

    /// Statements for objects outside `public`: run with their schema first on the search
    /// path, because the text the server rendered names that schema's objects unqualified.
    fn in_schema(&self, schema: &str, statements: Vec<String>) -> Vec<String> {
        if schema == "public" || schema == "main" || statements.is_empty() {
            return statements;
        }
        let mut out = Vec::with_capacity(statements.len() + 2);
        out.push(format!("SET search_path TO {}, public", self.quote(schema)));
        out.extend(statements);
        out.push("RESET search_path".to_string());
        out
    }

    /// Whether a serial column can be written with the `serial` keyword: the server would make
    /// the very sequence the snapshot names.
    fn serial_keyword(t: TableRef<'_>, column: &Column) -> Option<&'static str> {
        let Some(Identity::Serial { sequence }) = &column.identity else {
            return None;
        };
        if *sequence != object_name(t.name, Some(&column.name), "seq") {
            return None;
        }
        match column.ty.as_str() {
            "integer" => Some("serial"),
            "bigint" => Some("bigserial"),
            "smallint" => Some("smallserial"),
            _ => None,
        }
    }

    fn nextval(&self, t: TableRef<'_>, sequence: &str) -> String {
        let (schema, name) = Self::sequence_ref(t.schema, sequence);
        let reference = format!("{}.{}", self.quote(schema), self.quote(name));
        format!("nextval({}::regclass)", quote_literal(&reference))
    }

    /// The column as CREATE TABLE and ADD COLUMN write it.
    fn column_sql(&self, t: TableRef<'_>, column: &Column) -> String {
        let mut s = self.quote(&column.name);
        s.push(' ');
        match Self::serial_keyword(t, column) {
            Some(keyword) => s.push_str(keyword),
            None => s.push_str(&column.ty),
        }
        if let Some(c) = &column.collation {
            s.push_str(&format!(" COLLATE {}", self.collation(c)));
        }
        match (&column.generated, &column.identity) {
            (Some(g), _) => s.push_str(&format!(
                " GENERATED ALWAYS AS {} STORED",
                parenthesized(&g.expression)
            )),
            (None, Some(Identity::Identity { always })) => {
                s.push_str(if *always {
                    " GENERATED ALWAYS AS IDENTITY"
                } else {
                    " GENERATED BY DEFAULT AS IDENTITY"
                });
            }
            (None, Some(Identity::Serial { sequence }))
                if Self::serial_keyword(t, column).is_none() =>
            {
                s.push_str(&format!(" DEFAULT {}", self.nextval(t, sequence)));
            }
            _ => {
                if let Some(d) = &column.default {
                    s.push_str(&format!(" DEFAULT {}", self.default_value(column, d)));
                }
            }
        }
        if !column.nullable {
            s.push_str(" NOT NULL");
        }
        s
    }

    fn default_value(&self, column: &Column, default: &DefaultValue) -> String {
        default_sql(default, bare_literals(&column.ty))
    }

    /// What a new column needs around its definition: the sequence of a serial column whose
    /// name the server would not pick (before), its ownership, a NOT NULL the `serial`
    /// keyword implies but the column lacks, and its comment (after).
    fn column_extras(&self, t: TableRef<'_>, column: &Column) -> (Vec<String>, Vec<String>) {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        if let Some(Identity::Serial { sequence }) = &column.identity {
            if Self::serial_keyword(t, column).is_none() {
                let (schema, name) = Self::sequence_ref(t.schema, sequence);
                before.push(format!(
                    "CREATE SEQUENCE {} AS {}",
                    self.q(schema, name),
                    sequence_type(&column.ty)
                ));
                after.push(format!(
                    "ALTER SEQUENCE {} OWNED BY {}.{}",
                    self.q(schema, name),
                    self.table(t),
                    self.quote(&column.name)
                ));
            } else if column.nullable {
                after.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL",
                    self.table(t),
                    self.quote(&column.name)
                ));
            }
        }
        if let Some(comment) = &column.comment {
            after.push(self.column_comment(t, &column.name, Some(comment)));
        }
        (before, after)
    }

    fn column_comment(&self, t: TableRef<'_>, column: &str, comment: Option<&str>) -> String {
        format!(
            "COMMENT ON COLUMN {}.{} IS {}",
            self.table(t),
            self.quote(column),
            comment_text(comment)
        )
    }

    fn deferral(deferrable: Option<Deferral>) -> &'static str {
        match deferrable {
            Some(Deferral::InitiallyDeferred) => " DEFERRABLE INITIALLY DEFERRED",
            Some(Deferral::InitiallyImmediate) => " DEFERRABLE INITIALLY IMMEDIATE",
            None => "",
        }
    }

    fn column_list(&self, columns: &[String]) -> String {
        columns
            .iter()
            .map(|c| self.quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `CONSTRAINT n UNIQUE [NULLS NOT DISTINCT] (a, b) [INCLUDE (c)] [DEFERRABLE …]`.
    fn unique_clause(&self, name: &str, index: &Index) -> String {
        let columns: Vec<String> = index
            .parts
            .iter()
            .filter_map(|p| p.column.clone())
            .collect();
        let mut s = format!("CONSTRAINT {} UNIQUE", self.quote(name));
        if index.nulls_not_distinct {
            s.push_str(" NULLS NOT DISTINCT");
        }
        s.push_str(&format!(" ({})", self.column_list(&columns)));
        if !index.include.is_empty() {
            s.push_str(&format!(" INCLUDE ({})", self.column_list(&index.include)));
        }
        s.push_str(Self::deferral(index.deferrable));
        s
    }

    /// `CONSTRAINT n CHECK (expr) [NO INHERIT]`.
    fn check_sql(&self, name: &str, check: &Check) -> String {
        let mut s = format!(
            "CONSTRAINT {} CHECK {}",
            self.quote(name),
            parenthesized(&check.expression)
        );
        if check.no_inherit {
            s.push_str(" NO INHERIT");
        }
        s
    }

    fn primary_key_sql(&self, pk: &PrimaryKey) -> String {
        match &pk.name {
            Some(n) => format!(
                "CONSTRAINT {} PRIMARY KEY ({})",
                self.quote(n),
                self.column_list(&pk.columns)
            ),
            None => format!("PRIMARY KEY ({})", self.column_list(&pk.columns)),
        }
    }

    /// `(lower(email) text_pattern_ops DESC NULLS LAST, …)`.
    fn index_parts(&self, index: &Index) -> String {
        let parts: Vec<String> = index
            .parts
            .iter()
            .map(|p| {
                let mut s = match (&p.column, &p.expression) {
                    (Some(c), _) => self.quote(c),
                    (None, Some(e)) => format!("({})", e.trim()),
                    (None, None) => String::new(),
                };
                if let Some(c) = &p.collation {
                    s.push_str(&format!(" COLLATE {}", self.collation(c)));
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

    /// CREATE INDEX for a plain (or unique) index of `t` (a table or materialised view), with
    /// its comment.
    fn create_index_sql(&self, t: TableRef<'_>, name: &str, index: &Index) -> Vec<String> {
        let mut s = format!(
            "CREATE {}INDEX {} ON {}",
            if index.unique { "UNIQUE " } else { "" },
            self.quote(name),
            self.table(t)
        );
        if let Some(m) = &index.method {
            s.push_str(&format!(" USING {m}"));
        }
        s.push(' ');
        s.push_str(&self.index_parts(index));
        if !index.include.is_empty() {
            s.push_str(&format!(" INCLUDE ({})", self.column_list(&index.include)));
        }
        if index.nulls_not_distinct {
            s.push_str(" NULLS NOT DISTINCT");
        }
        if let Some(p) = &index.predicate {
            s.push_str(&format!(" WHERE {}", parenthesized(p)));
        }
        let mut out = vec![s];
        if let Some(c) = &index.comment {
            out.push(format!(
                "COMMENT ON INDEX {} IS {}",
                self.q(t.schema, name),
                comment_text(Some(c))
            ));
        }
        out
    }

    fn foreign_key_sql(&self, t: TableRef<'_>, name: &str, fk: &ForeignKey) -> String {
        let target = self.q(fk.ref_schema.as_deref().unwrap_or(t.schema), &fk.ref_table);
        let mut s = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {target} ({})",
            self.table(t),
            self.quote(name),
            self.column_list(&fk.columns),
            self.column_list(&fk.ref_columns)
        );
        if fk.match_full {
            s.push_str(" MATCH FULL");
        }
        if let Some(a) = &fk.on_delete {
            s.push_str(&format!(" ON DELETE {}", a.to_ascii_uppercase()));
        }
        if let Some(a) = &fk.on_update {
            s.push_str(&format!(" ON UPDATE {}", a.to_ascii_uppercase()));
        }
        s.push_str(Self::deferral(fk.deferrable));
        if fk.not_enforced {
            s.push_str(" NOT VALID");
        }
        s
    }

    fn add_check_sql(&self, t: TableRef<'_>, name: &str, check: &Check) -> String {
        let mut s = format!(
            "ALTER TABLE {} ADD {}",
            self.table(t),
            self.check_sql(name, check)
        );
        if check.not_enforced {
            s.push_str(" NOT VALID");
        }
        s
    }

    fn drop_constraint(&self, t: TableRef<'_>, name: &str) -> String {
        format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            self.table(t),
            self.quote(name)
        )
    }

    /// `ALTER SEQUENCE` clauses that take `from` to `to`; `restart` also moves the current
    /// value to the new start (for a sequence made just now).
    fn sequence_changes(from: &Sequence, to: &Sequence, restart: bool) -> Vec<String> {
        let mut out = Vec::new();
        if from.ty != to.ty {
            out.push(format!("AS {}", to.ty));
        }
        if from.increment != to.increment {
            out.push(format!("INCREMENT BY {}", to.increment));
        }
        // Changing the type moves a bound that was the old type's limit: restate both then.
        if from.min != to.min || from.ty != to.ty {
            out.push(format!("MINVALUE {}", to.min));
        }
        if from.max != to.max || from.ty != to.ty {
            out.push(format!("MAXVALUE {}", to.max));
        }
        if from.start != to.start {
            out.push(format!("START WITH {}", to.start));
            if restart {
                out.push("RESTART".into());
            }
        }
        if from.cache != to.cache {
            out.push(format!("CACHE {}", to.cache));
        }
        if from.cycle != to.cycle {
            out.push(if to.cycle {
                "CYCLE".into()
            } else {
                "NO CYCLE".into()
            });
        }
        out
    }

    /// `SELECT setval(…)` so that a column that starts numbering itself continues after the
    /// values it already holds.
    fn continue_numbering(&self, t: TableRef<'_>, column: &str) -> String {
        format!(
            "SELECT setval(pg_get_serial_sequence({}, {}), max({col})) FROM {} HAVING max({col}) IS NOT NULL",
            quote_literal(&self.table(t)),
            quote_literal(column),
            self.table(t),
            col = self.quote(column)
        )
    }

    /// The cast that moves a column of the old enum (or an array of it) to the new one.
    fn enum_cast(&self, column: &Column) -> String {
        let text = if column.ty.ends_with("[]") {
            "text[]"
        } else {
            "text"
        };
        format!("{}::{text}::{}", self.quote(&column.name), column.ty)
    }
}

fn comment_text(comment: Option<&str>) -> String {
    comment.map_or_else(|| "NULL".to_string(), quote_literal)
}

impl Ddl for Postgres {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    fn column_definition(&self, _table: &Table, column: &Column) -> String {
        // The planner goes through create_table and add_column, which know the table. Without
        // it, a serial column is spelled out with its sequence taken to be in `public`.
        let nowhere = TableRef {
            schema: "public",
            name: "",
        };
        self.column_sql(nowhere, column)
    }

    fn create_table(
        &self,
        t: TableRef<'_>,
        table: &Table,
        _with_foreign_keys: bool,
    ) -> Vec<String> {
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        for c in &table.columns {
            lines.push(self.column_sql(t, c));
            let (b, a) = self.column_extras(t, c);
            before.extend(b);
            after.extend(a);
        }
        if let Some(pk) = &table.primary_key {
            lines.push(self.primary_key_sql(pk));
        }
        for (name, index) in &table.indexes {
            if index.kind == IndexKind::UniqueConstraint {
                lines.push(self.unique_clause(name, index));
                if let Some(c) = &index.comment {
                    after.push(format!(
                        "COMMENT ON CONSTRAINT {} ON {} IS {}",
                        self.quote(name),
                        self.table(t),
                        comment_text(Some(c))
                    ));
                }
            }
        }
        for (name, check) in &table.checks {
            if check.not_enforced {
                after.push(self.add_check_sql(t, name, check));
            } else {
                lines.push(self.check_sql(name, check));
            }
        }
        let mut sql = format!(
            "CREATE {}TABLE {} (\n  {}\n)",
            if table.options.unlogged {
                "UNLOGGED "
            } else {
                ""
            },
            self.table(t),
            lines.join(",\n  ")
        );
        if let Some(p) = &table.options.partition_by {
            sql.push_str(&format!(" PARTITION BY {p}"));
        }
        if let Some(c) = &table.comment {
            after.insert(
                0,
                format!(
                    "COMMENT ON TABLE {} IS {}",
                    self.table(t),
                    comment_text(Some(c))
                ),
            );
        }
        let mut out = before;
        out.push(sql);
        out.extend(after);
        self.in_schema(t.schema, out)
    }

    fn add_column(&self, t: TableRef<'_>, _table: &Table, column: &Column) -> Option<Vec<String>> {
        let (mut out, after) = self.column_extras(t, column);
        out.push(format!(
            "ALTER TABLE {} ADD COLUMN {}",
            self.table(t),
            self.column_sql(t, column)
        ));
        out.extend(after);
        Some(self.in_schema(t.schema, out))
    }

    fn alter_column(
        &self,
        t: TableRef<'_>,
        table: &Table,
        from: &Column,
        to: &Column,
    ) -> Option<Vec<String>> {
        let read_by_generated = table.columns.iter().any(|c| {
            c.name != to.name
                && c.generated
                    .as_ref()
                    .is_some_and(|g| mentions(&g.expression, &to.name))
        });
        let table = self.table(t);
        let col = self.quote(&to.name);
        let alter = |what: String| format!("ALTER TABLE {table} ALTER COLUMN {col} {what}");
        let mut out = Vec::new();

        // A generation expression can only be dropped in place (SET EXPRESSION is 17+).
        if from.generated != to.generated {
            if to.generated.is_some() {
                return None;
            }
            out.push(alter("DROP EXPRESSION".into()));
        }

        // Numbering that goes away (or changes kind) goes first.
        let from_identity = matches!(from.identity, Some(Identity::Identity { .. }));
        let to_identity = matches!(to.identity, Some(Identity::Identity { .. }));
        if from_identity && !to_identity {
            out.push(alter("DROP IDENTITY".into()));
        }
        let mut from_default = from.default.clone();
        match (&from.identity, &to.identity) {
            (Some(Identity::Serial { sequence: a }), Some(Identity::Serial { sequence: b }))
                if a != b =>
            {
                // Same numbering, the sequence renamed: the default follows it by OID.
                let (schema, old) = Self::sequence_ref(t.schema, a);
                let (_, new) = Self::sequence_ref(t.schema, b);
                out.push(format!(
                    "ALTER SEQUENCE {} RENAME TO {}",
                    self.q(schema, old),
                    self.quote(new)
                ));
            }
            (Some(Identity::Serial { sequence }), other)
                if !matches!(other, Some(Identity::Serial { .. })) =>
            {
                out.push(alter("DROP DEFAULT".into()));
                let (schema, name) = Self::sequence_ref(t.schema, sequence);
                // Unless the new default still draws from it (the sequence then stays, no
                // longer owned: the prelude said OWNED BY NONE).
                let still_used = matches!(&to.default, Some(DefaultValue::Expression { sql }) if sql.contains(name));
                if !still_used {
                    out.push(format!("DROP SEQUENCE {}", self.q(schema, name)));
                }
                from_default = None;
            }
            _ => {}
        }

        // DROP DEFAULT → TYPE … USING → SET DEFAULT → NOT NULL.
        let retype = from.ty != to.ty || from.collation != to.collation;
        if retype && read_by_generated {
            // The server refuses to retype a column a generated column reads.
            return None;
        }
        if from_default.is_some() && (retype || to.default.is_none()) {
            out.push(alter("DROP DEFAULT".into()));
        }
        if retype {
            let mut s = format!("TYPE {}", to.ty);
            match &to.collation {
                Some(c) => s.push_str(&format!(" COLLATE {}", self.collation(c))),
                None if from.collation.is_some() => s.push_str(" COLLATE \"default\""),
                None => {}
            }
            if from.ty != to.ty {
                s.push_str(&format!(" USING {}::{}", col, to.ty));
            }
            out.push(alter(s));
        }
        if let Some(d) = &to.default {
            if retype || from_default.as_ref() != Some(d) {
                out.push(alter(format!("SET DEFAULT {}", self.default_value(to, d))));
            }
        }
        let serial_added = matches!(to.identity, Some(Identity::Serial { .. }))
            && !matches!(from.identity, Some(Identity::Serial { .. }));
        if from.nullable != to.nullable && !(to.nullable && serial_added) {
            out.push(alter(if to.nullable {
                "DROP NOT NULL".into()
            } else {
                "SET NOT NULL".into()
            }));
        }

        // Numbering that arrives, continuing after the values already there.
        match (&from.identity, &to.identity) {
            (Some(Identity::Identity { always: a }), Some(Identity::Identity { always: b }))
                if a != b =>
            {
                out.push(alter(if *b {
                    "SET GENERATED ALWAYS".into()
                } else {
                    "SET GENERATED BY DEFAULT".into()
                }));
            }
            (_, Some(Identity::Identity { always })) if !from_identity => {
                out.push(alter(format!(
                    "ADD GENERATED {} AS IDENTITY",
                    if *always { "ALWAYS" } else { "BY DEFAULT" }
                )));
                out.push(self.continue_numbering(t, &to.name));
            }
            (_, Some(Identity::Serial { sequence })) if serial_added => {
                let (schema, name) = Self::sequence_ref(t.schema, sequence);
                out.push(format!(
                    "CREATE SEQUENCE {} AS {} OWNED BY {table}.{col}",
                    self.q(schema, name),
                    sequence_type(&to.ty)
                ));
                out.push(alter(format!("SET DEFAULT {}", self.nextval(t, sequence))));
                out.push(self.continue_numbering(t, &to.name));
            }
            _ => {}
        }
        if from.comment != to.comment {
            out.push(self.column_comment(t, &to.name, to.comment.as_deref()));
        }
        Some(self.in_schema(t.schema, out))
    }

    fn table_renamed(
        &self,
        t: TableRef<'_>,
        old_name: &str,
        from: &Table,
        to: &Table,
    ) -> Vec<String> {
        // A primary key named after the table keeps following it.
        match (&from.primary_key, &to.primary_key) {
            (Some(PrimaryKey { name: None, .. }), Some(PrimaryKey { name: None, .. })) => {
                vec![format!(
                    "ALTER INDEX {} RENAME TO {}",
                    self.q(t.schema, &object_name(old_name, None, "pkey")),
                    self.quote(&object_name(t.name, None, "pkey"))
                )]
            }
            _ => Vec::new(),
        }
    }

    fn rename_index(&self, t: TableRef<'_>, from: &str, to: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER INDEX {} RENAME TO {}",
            self.q(t.schema, from),
            self.quote(to)
        )])
    }

    fn alter_primary_key(
        &self,
        t: TableRef<'_>,
        from: Option<&PrimaryKey>,
        to: Option<&PrimaryKey>,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        if let Some(pk) = from {
            let name = pk
                .name
                .clone()
                .unwrap_or_else(|| object_name(t.name, None, "pkey"));
            out.push(self.drop_constraint(t, &name));
        }
        if let Some(pk) = to {
            out.push(format!(
                "ALTER TABLE {} ADD {}",
                self.table(t),
                self.primary_key_sql(pk)
            ));
        }
        Some(out)
    }

    fn create_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>> {
        let out = match index.kind {
            IndexKind::UniqueConstraint => {
                let mut out = vec![format!(
                    "ALTER TABLE {} ADD {}",
                    self.table(t),
                    self.unique_clause(name, index)
                )];
                if let Some(c) = &index.comment {
                    out.push(format!(
                        "COMMENT ON CONSTRAINT {} ON {} IS {}",
                        self.quote(name),
                        self.table(t),
                        comment_text(Some(c))
                    ));
                }
                out
            }
            IndexKind::Index => self.create_index_sql(t, name, index),
            IndexKind::Fulltext | IndexKind::Spatial => return None,
        };
        Some(self.in_schema(t.schema, out))
    }

    fn drop_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>> {
        Some(vec![match index.kind {
            IndexKind::UniqueConstraint => self.drop_constraint(t, name),
            _ => format!("DROP INDEX {}", self.q(t.schema, name)),
        }])
    }

    fn add_foreign_key(&self, t: TableRef<'_>, name: &str, fk: &ForeignKey) -> Option<Vec<String>> {
        Some(vec![self.foreign_key_sql(t, name, fk)])
    }

    fn drop_foreign_key(
        &self,
        t: TableRef<'_>,
        name: &str,
        _fk: &ForeignKey,
    ) -> Option<Vec<String>> {
        Some(vec![self.drop_constraint(t, name)])
    }

    fn add_check(&self, t: TableRef<'_>, name: &str, check: &Check) -> Option<Vec<String>> {
        Some(self.in_schema(t.schema, vec![self.add_check_sql(t, name, check)]))
    }

    fn drop_check(&self, t: TableRef<'_>, name: &str, _check: &Check) -> Option<Vec<String>> {
        Some(vec![self.drop_constraint(t, name)])
    }

    fn alter_table_options(
        &self,
        t: TableRef<'_>,
        from: &Table,
        to: &Table,
    ) -> Option<Vec<String>> {
        let (a, b) = (&from.options, &to.options);
        let others_same = keel_model::TableOptions {
            unlogged: b.unlogged,
            ..a.clone()
        } == *b;
        if !others_same {
            // The partition key (or an option PostgreSQL does not have) cannot change in place.
            return None;
        }
        let mut out = Vec::new();
        if a.unlogged != b.unlogged {
            out.push(format!(
                "ALTER TABLE {} SET {}",
                self.table(t),
                if b.unlogged { "UNLOGGED" } else { "LOGGED" }
            ));
        }
        if from.comment != to.comment {
            out.push(format!(
                "COMMENT ON TABLE {} IS {}",
                self.table(t),
                comment_text(to.comment.as_deref())
            ));
        }
        Some(out)
    }

    fn create_view(&self, schema: &str, name: &str, view: &View) -> Vec<String> {
        let q = self.q(schema, name);
        let mut out = Vec::new();
        let definition = view.definition.trim();
        if view.materialized {
            out.push(format!("CREATE MATERIALIZED VIEW {q} AS {definition}"));
        } else {
            let options = view
                .check_option
                .as_ref()
                .map(|c| format!(" WITH (check_option={c})"))
                .unwrap_or_default();
            out.push(format!("CREATE VIEW {q}{options} AS {definition}"));
        }
        let t = TableRef { schema, name };
        for (index_name, index) in &view.indexes {
            out.extend(self.create_index_sql(t, index_name, index));
        }
        if let Some(c) = &view.comment {
            let kind = if view.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            out.push(format!(
                "COMMENT ON {kind} {q} IS {}",
                comment_text(Some(c))
            ));
        }
        self.in_schema(schema, out)
    }

    fn create_trigger(&self, schema: &str, _key: &str, trigger: &Trigger) -> Vec<String> {
        self.in_schema(schema, vec![trigger.definition.clone()])
    }

    fn drop_trigger(&self, schema: &str, key: &str, trigger: &Trigger) -> Vec<String> {
        vec![format!(
            "DROP TRIGGER {} ON {}",
            self.quote(trigger_name(key)),
            self.q(schema, &trigger.table)
        )]
    }

    fn create_routine(&self, schema: &str, _key: &str, routine: &Routine) -> Vec<String> {
        self.in_schema(schema, vec![routine.definition.clone()])
    }

    fn replace_routine(
        &self,
        schema: &str,
        _key: &str,
        from: &Routine,
        to: &Routine,
    ) -> Option<Vec<String>> {
        // CREATE OR REPLACE keeps what depends on the routine (triggers), but cannot change
        // its kind or return type.
        let replaceable = from.kind == to.kind
            && from.returns == to.returns
            && to.definition.starts_with("CREATE OR REPLACE");
        replaceable.then(|| self.in_schema(schema, vec![to.definition.clone()]))
    }

    fn drop_routine(&self, schema: &str, key: &str, routine: &Routine) -> Vec<String> {
        let (name, args) = key
            .split_once('(')
            .map_or((key, "()".to_string()), |(n, a)| (n, format!("({a}")));
        let kind = if routine.kind == "procedure" {
            "PROCEDURE"
        } else {
            "FUNCTION"
        };
        self.in_schema(
            schema,
            vec![format!("DROP {kind} {}{args}", self.q(schema, name))],
        )
    }

    fn create_sequence(&self, schema: &str, name: &str, s: &Sequence) -> Option<Vec<String>> {
        Some(vec![format!(
            "CREATE SEQUENCE {} AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {}{}",
            self.q(schema, name),
            s.ty,
            s.increment,
            s.min,
            s.max,
            s.start,
            s.cache,
            if s.cycle { " CYCLE" } else { " NO CYCLE" }
        )])
    }

    fn drop_sequence(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        Some(vec![format!("DROP SEQUENCE {}", self.q(schema, name))])
    }

    fn alter_sequence(
        &self,
        schema: &str,
        name: &str,
        from: &Sequence,
        to: &Sequence,
    ) -> Option<Vec<String>> {
        let mut clauses = Self::sequence_changes(from, to, false);
        if from.owned_by.is_some() && to.owned_by.is_none() {
            clauses.push("OWNED BY NONE".into());
        }
        if clauses.is_empty() {
            return Some(Vec::new());
        }
        Some(vec![format!(
            "ALTER SEQUENCE {} {}",
            self.q(schema, name),
            clauses.join(" ")
        )])
    }

    fn alter_owned_sequence(
        &self,
        schema: &str,
        name: &str,
        from: Option<&Sequence>,
        to: &Sequence,
        owner: Option<(TableRef<'_>, &Column)>,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let base = match from {
            Some(f) => f.clone(),
            None => {
                let (t, column) = owner?;
                if let Some(Identity::Identity { .. }) = column.identity {
                    // The server named it after the table and column.
                    let made = object_name(t.name, Some(&column.name), "seq");
                    if made != name {
                        out.push(format!(
                            "ALTER SEQUENCE {} RENAME TO {}",
                            self.q(t.schema, &made),
                            self.quote(name)
                        ));
                    }
                }
                default_sequence(sequence_type(&column.ty))
            }
        };
        let clauses = Self::sequence_changes(&base, to, from.is_none());
        if !clauses.is_empty() {
            out.push(format!(
                "ALTER SEQUENCE {} {}",
                self.q(schema, name),
                clauses.join(" ")
            ));
        }
        if let (None, Some((t, column))) = (from, owner) {
            if base.start != to.start && to.increment > 0 {
                // Restarted at its start: past the rows an existing column already holds.
                out.push(format!(
                    "SELECT setval({}, max({col})) FROM {} HAVING max({col}) >= {}",
                    quote_literal(&self.q(schema, name)),
                    self.table(t),
                    to.start,
                    col = self.quote(&column.name)
                ));
            }
        }
        Some(out)
    }

    fn create_enum(&self, schema: &str, name: &str, e: &EnumType) -> Option<Vec<String>> {
        let labels: Vec<String> = e.values.iter().map(|v| quote_literal(v)).collect();
        Some(vec![format!(
            "CREATE TYPE {} AS ENUM ({})",
            self.q(schema, name),
            labels.join(", ")
        )])
    }

    fn drop_enum(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        Some(vec![format!("DROP TYPE {}", self.q(schema, name))])
    }

    fn alter_enum(
        &self,
        schema: &str,
        name: &str,
        from: &EnumType,
        to: &EnumType,
    ) -> Option<Vec<String>> {
        // In place only when every old label stays, in its order: then the new ones are added
        // next to their neighbours.
        let kept: Vec<&String> = to
            .values
            .iter()
            .filter(|v| from.values.contains(v))
            .collect();
        if kept.len() != from.values.len() || kept.iter().zip(&from.values).any(|(a, b)| *a != b) {
            return None;
        }
        let q = self.q(schema, name);
        let mut out = Vec::new();
        for (i, value) in to.values.iter().enumerate() {
            if from.values.contains(value) {
                continue;
            }
            let place = match (
                i.checked_sub(1).map(|j| &to.values[j]),
                to.values.get(i + 1),
            ) {
                (Some(prev), _) => format!(" AFTER {}", quote_literal(prev)),
                (None, Some(next)) => format!(" BEFORE {}", quote_literal(next)),
                (None, None) => String::new(),
            };
            out.push(format!(
                "ALTER TYPE {q} ADD VALUE {}{place}",
                quote_literal(value)
            ));
        }
        Some(out)
    }

    fn recreate_enum(
        &self,
        schema: &str,
        name: &str,
        _from: &EnumType,
        to: &EnumType,
        uses: &[EnumUse<'_>],
    ) -> Option<Vec<String>> {
        let old = format!(
            "{}{OLD_ENUM_SUFFIX}",
            clip(name, MAX_IDENTIFIER - OLD_ENUM_SUFFIX.len())
        );
        let mut out = vec![format!(
            "ALTER TYPE {} RENAME TO {}",
            self.q(schema, name),
            self.quote(&old)
        )];
        out.extend(self.create_enum(schema, name, to)?);
        for u in uses {
            let t = u.table;
            let table = self.table(t);
            let col = self.quote(&u.column.name);
            // Indexes and checks that the plan keeps but that compare the column with labels
            // of the old type would be rebuilt against it: take them off while the column
            // moves, and put them back after.
            let mut restore = Vec::new();
            for (index_name, index) in &u.from.indexes {
                let kept = u.to.indexes.get(index_name) == Some(index);
                let uses_column = index
                    .predicate
                    .as_deref()
                    .is_some_and(|p| mentions(p, &u.column.name))
                    || index.parts.iter().any(|p| {
                        p.expression
                            .as_deref()
                            .is_some_and(|e| mentions(e, &u.column.name))
                    });
                if kept && uses_column {
                    out.extend(self.drop_index(t, index_name, index)?);
                    restore.extend(self.create_index(t, index_name, index)?);
                }
            }
            for (check_name, check) in &u.from.checks {
                if u.to.checks.get(check_name) == Some(check)
                    && mentions(&check.expression, &u.column.name)
                {
                    out.push(self.drop_constraint(t, check_name));
                    restore.push(self.add_check_sql(t, check_name, check));
                }
            }
            if u.column.default.is_some() {
                out.push(format!(
                    "ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"
                ));
            }
            out.push(format!(
                "ALTER TABLE {table} ALTER COLUMN {col} TYPE {} USING {}",
                u.column.ty,
                self.enum_cast(u.column)
            ));
            // The default comes back when the plan keeps it; a changed one is set later.
            let target = u.to.column(&u.column.name);
            if let (Some(d), Some(target)) = (&u.column.default, target) {
                if target.default.as_ref() == Some(d) {
                    out.push(format!(
                        "ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {}",
                        self.default_value(u.column, d)
                    ));
                }
            }
            out.extend(restore);
        }
        out.push(format!("DROP TYPE {}", self.q(schema, &old)));
        Some(self.in_schema(schema, out))
    }

    fn create_domain(&self, schema: &str, name: &str, d: &Domain) -> Option<Vec<String>> {
        let mut s = format!("CREATE DOMAIN {} AS {}", self.q(schema, name), d.ty);
        if let Some(v) = &d.default {
            s.push_str(&format!(
                " DEFAULT {}",
                default_sql(v, bare_literals(&d.ty))
            ));
        }
        if !d.nullable {
            s.push_str(" NOT NULL");
        }
        let mut after = Vec::new();
        for (check_name, check) in &d.checks {
            let clause = format!(
                " CONSTRAINT {} CHECK {}",
                self.quote(check_name),
                parenthesized(&check.expression)
            );
            if check.not_enforced {
                after.push(format!(
                    "ALTER DOMAIN {} ADD{clause} NOT VALID",
                    self.q(schema, name)
                ));
            } else {
                s.push_str(&clause);
            }
        }
        let mut out = vec![s];
        out.extend(after);
        Some(self.in_schema(schema, out))
    }

    fn drop_domain(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        Some(vec![format!("DROP DOMAIN {}", self.q(schema, name))])
    }

    fn alter_domain(
        &self,
        schema: &str,
        name: &str,
        from: &Domain,
        to: &Domain,
    ) -> Option<Vec<String>> {
        if from.ty != to.ty {
            return None;
        }
        let q = self.q(schema, name);
        let mut out = Vec::new();
        for (check_name, check) in &from.checks {
            if to.checks.get(check_name) != Some(check) {
                out.push(format!(
                    "ALTER DOMAIN {q} DROP CONSTRAINT {}",
                    self.quote(check_name)
                ));
            }
        }
        if from.default != to.default {
            out.push(match &to.default {
                Some(v) => format!(
                    "ALTER DOMAIN {q} SET DEFAULT {}",
                    default_sql(v, bare_literals(&to.ty))
                ),
                None => format!("ALTER DOMAIN {q} DROP DEFAULT"),
            });
        }
        if from.nullable != to.nullable {
            out.push(format!(
                "ALTER DOMAIN {q} {}",
                if to.nullable {
                    "DROP NOT NULL"
                } else {
                    "SET NOT NULL"
                }
            ));
        }
        for (check_name, check) in &to.checks {
            if from.checks.get(check_name) != Some(check) {
                let valid = if check.not_enforced { " NOT VALID" } else { "" };
                out.push(format!(
                    "ALTER DOMAIN {q} ADD CONSTRAINT {} CHECK {}{valid}",
                    self.quote(check_name),
                    parenthesized(&check.expression)
                ));
            }
        }
        Some(self.in_schema(schema, out))
    }

    fn create_schema(&self, schema: &str) -> Option<Vec<String>> {
        Some(vec![format!("CREATE SCHEMA {}", self.quote(schema))])
    }

    fn drop_schema(&self, schema: &str) -> Option<Vec<String>> {
        Some(vec![format!("DROP SCHEMA {}", self.quote(schema))])
    }

    fn comment_on_schema(&self, schema: &str, comment: Option<&str>) -> Option<Vec<String>> {
        Some(vec![format!(
            "COMMENT ON SCHEMA {} IS {}",
            self.quote(schema),
            comment_text(comment)
        )])
    }

    fn create_extension(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "CREATE EXTENSION IF NOT EXISTS {}",
            self.quote(name)
        )])
    }

    fn create_extension_in(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "CREATE EXTENSION IF NOT EXISTS {} SCHEMA {}",
            self.quote(name),
            self.quote(schema)
        )])
    }

    fn drop_extension(&self, name: &str) -> Option<Vec<String>> {
        Some(vec![format!("DROP EXTENSION {}", self.quote(name))])
    }

    fn can_lose_data(&self, sql: &str) -> bool {
        let upper = sql.trim().to_ascii_uppercase();
        let harmless = ["SET ", "RESET ", "COMMENT ON ", "CREATE ", "SELECT "]
            .iter()
            .any(|p| upper.starts_with(p))
            || [
                " DROP DEFAULT",
                " DROP NOT NULL",
                " SET NOT NULL",
                " DROP IDENTITY",
            ]
            .iter()
            .any(|s| upper.ends_with(s))
            || upper.contains(" SET DEFAULT ");
        !harmless
    }

    fn transactional(&self, sql: &str) -> bool {
        // A label added cannot be used before it is committed (and before PostgreSQL 12 it
        // cannot be added inside a transaction block at all).
        let upper = sql.trim_start().to_ascii_uppercase();
        let adds_label = upper.starts_with("ALTER TYPE") && upper.contains(" ADD VALUE ");
        !adds_label && !upper.contains(" CONCURRENTLY ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_fit_in_63_bytes() {
        assert_eq!(object_name("users", Some("id"), "seq"), "users_id_seq");
        assert_eq!(object_name("users", None, "pkey"), "users_pkey");
        let long = "é".repeat(40);
        let name = object_name(&long, Some("id"), "seq");
        assert!(
            name.len() <= MAX_IDENTIFIER && name.ends_with("_id_seq"),
            "{name}"
        );
    }

    #[test]
    fn enum_labels_are_added_next_to_their_neighbours() {
        let e = |v: &[&str]| EnumType {
            values: v.iter().map(|s| s.to_string()).collect(),
        };
        let sql = Postgres
            .alter_enum("public", "mood", &e(&["b", "d"]), &e(&["a", "b", "c", "d"]))
            .unwrap();
        assert_eq!(
            sql,
            [
                "ALTER TYPE \"mood\" ADD VALUE 'a' BEFORE 'b'",
                "ALTER TYPE \"mood\" ADD VALUE 'c' AFTER 'b'"
            ]
        );
        assert!(!Postgres.transactional(&sql[0]));
        assert!(Postgres
            .alter_enum("public", "mood", &e(&["a", "b"]), &e(&["b", "a"]))
            .is_none());
    }

    #[test]
    fn a_serial_column_uses_the_keyword_only_for_the_name_the_server_picks() {
        let t = TableRef {
            schema: "public",
            name: "users",
        };
        let mut c = Column::new("id", "bigint");
        c.identity = Some(Identity::Serial {
            sequence: "users_id_seq".into(),
        });
        assert_eq!(Postgres.column_sql(t, &c), "\"id\" bigserial NOT NULL");
        c.identity = Some(Identity::Serial {
            sequence: "people_id_seq".into(),
        });
        assert_eq!(
            Postgres.column_sql(t, &c),
            "\"id\" bigint DEFAULT nextval('\"public\".\"people_id_seq\"'::regclass) NOT NULL"
        );
    }
}
