use keel_model::{
    Column, ForeignKey, Identity, Index, IndexKind, PrimaryKey, Table, Trigger, View,
};

use super::{
    check_clause, default_sql, explicit_name, foreign_key_clause, index_parts, is_numeric_type,
    trigger_name,
};
use crate::{Ddl, TableRef};

/// SQLite: ADD, DROP and RENAME COLUMN in place; everything else by the table rebuild the SQLite
/// manual prescribes (create the new shape, copy the rows, drop, rename, recreate indexes).
/// keel runs migrations with `foreign_keys` off and checks `foreign_key_check` before commit,
/// which is what makes the rebuild safe.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sqlite;

const REBUILD_PREFIX: &str = "_keel_rebuild_";

impl Sqlite {
    fn declared_type(column: &Column) -> &str {
        column.raw_type.as_deref().unwrap_or(&column.ty)
    }

    fn is_rowid(column: &Column) -> bool {
        matches!(column.identity, Some(Identity::Rowid { .. }))
    }

    fn body(&self, table: &Table, with_foreign_keys: bool) -> String {
        let mut lines: Vec<String> = table
            .columns
            .iter()
            .map(|c| self.column_definition(table, c))
            .collect();
        if let Some(pk) = &table.primary_key {
            let inline =
                pk.columns.len() == 1 && table.column(&pk.columns[0]).is_some_and(Self::is_rowid);
            if !inline {
                lines.push(self.primary_key_clause(pk));
            }
        }
        for (name, index) in &table.indexes {
            if index.kind == IndexKind::UniqueConstraint {
                let cols = index_parts(self, index);
                lines.push(match explicit_name(name, index.auto_named) {
                    Some(n) => format!("CONSTRAINT {} UNIQUE {cols}", self.quote(n)),
                    None => format!("UNIQUE {cols}"),
                });
            }
        }
        for (name, check) in &table.checks {
            lines.push(check_clause(self, name, check));
        }
        if with_foreign_keys {
            for (name, fk) in &table.foreign_keys {
                lines.push(foreign_key_clause(self, name, fk));
            }
        }
        let mut options = Vec::new();
        if table.options.without_rowid {
            options.push("WITHOUT ROWID");
        }
        if table.options.strict {
            options.push("STRICT");
        }
        let suffix = if options.is_empty() {
            String::new()
        } else {
            format!(" {}", options.join(", "))
        };
        format!("(\n  {}\n){suffix}", lines.join(",\n  "))
    }

    fn primary_key_clause(&self, pk: &PrimaryKey) -> String {
        let cols: Vec<String> = pk.columns.iter().map(|c| self.quote(c)).collect();
        match &pk.name {
            Some(n) => format!(
                "CONSTRAINT {} PRIMARY KEY ({})",
                self.quote(n),
                cols.join(", ")
            ),
            None => format!("PRIMARY KEY ({})", cols.join(", ")),
        }
    }

    fn create_index_sql(&self, table: &str, name: &str, index: &Index) -> String {
        let mut s = format!(
            "CREATE {}INDEX {} ON {} {}",
            if index.unique { "UNIQUE " } else { "" },
            self.quote(name),
            self.quote(table),
            index_parts(self, index)
        );
        if let Some(p) = &index.predicate {
            s.push_str(&format!(" WHERE {p}"));
        }
        s
    }

    /// Whether `column` of `table` appears in anything that stops `DROP COLUMN`.
    fn column_is_referenced(table: &Table, column: &str) -> bool {
        let lower = column.to_ascii_lowercase();
        table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c == column))
            || table.indexes.values().any(|i| {
                i.parts.iter().any(|p| {
                    p.column.as_deref() == Some(column)
                        || p.expression
                            .as_deref()
                            .is_some_and(|e| e.to_ascii_lowercase().contains(&lower))
                }) || i
                    .predicate
                    .as_deref()
                    .is_some_and(|e| e.to_ascii_lowercase().contains(&lower))
            })
            || table
                .foreign_keys
                .values()
                .any(|f| f.columns.iter().any(|c| c == column))
            || table
                .checks
                .values()
                .any(|c| c.expression.to_ascii_lowercase().contains(&lower))
            || table.columns.iter().any(|c| {
                c.generated
                    .as_ref()
                    .is_some_and(|g| g.expression.to_ascii_lowercase().contains(&lower))
            })
    }
}

impl Ddl for Sqlite {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    fn inline_foreign_keys(&self) -> bool {
        true
    }

    fn column_definition(&self, table: &Table, column: &Column) -> String {
        let mut s = self.quote(&column.name);
        let ty = Self::declared_type(column);
        if !ty.is_empty() {
            s.push(' ');
            s.push_str(ty);
        }
        if let Some(Identity::Rowid { autoincrement }) = &column.identity {
            let single = table
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.len() == 1 && pk.columns[0] == column.name);
            if single {
                s.push_str(" PRIMARY KEY");
                if *autoincrement {
                    s.push_str(" AUTOINCREMENT");
                }
            }
        }
        if !column.nullable {
            s.push_str(" NOT NULL");
        }
        if let Some(c) = &column.collation {
            s.push_str(&format!(" COLLATE {c}"));
        }
        if let Some(d) = &column.default {
            s.push_str(&format!(" DEFAULT {}", default_sql(d, is_numeric_type(ty))));
        }
        if let Some(g) = &column.generated {
            s.push_str(&format!(
                " GENERATED ALWAYS AS {} {}",
                super::parenthesized(&g.expression),
                if g.stored { "STORED" } else { "VIRTUAL" }
            ));
        }
        s
    }

    fn create_table(&self, t: TableRef<'_>, table: &Table, with_foreign_keys: bool) -> Vec<String> {
        vec![format!(
            "CREATE TABLE {} {}",
            self.quote(t.name),
            self.body(table, with_foreign_keys)
        )]
    }

    fn add_column(&self, t: TableRef<'_>, table: &Table, column: &Column) -> Option<Vec<String>> {
        // ALTER TABLE ADD COLUMN's limits (lang_altertable.html): no key, no unique, no
        // CURRENT_* or parenthesised default, NOT NULL needs a default, no STORED generation,
        // and a column used by a foreign key needs the rebuild.
        let in_key = table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&column.name))
            || table.indexes.values().any(|i| {
                i.kind == IndexKind::UniqueConstraint
                    && i.parts
                        .iter()
                        .any(|p| p.column.as_deref() == Some(&column.name))
            })
            || table
                .foreign_keys
                .values()
                .any(|f| f.columns.contains(&column.name));
        let bad_default = matches!(
            column.default,
            Some(keel_model::DefaultValue::CurrentTimestamp { .. })
                | Some(keel_model::DefaultValue::Expression { .. })
        );
        let not_null_without_default =
            !column.nullable && column.default.is_none() && column.generated.is_none();
        let stored = column.generated.as_ref().is_some_and(|g| g.stored);
        if in_key || bad_default || not_null_without_default || stored || column.identity.is_some()
        {
            return None;
        }
        Some(vec![format!(
            "ALTER TABLE {} ADD COLUMN {}",
            self.quote(t.name),
            self.column_definition(table, column)
        )])
    }

    fn drop_column(&self, t: TableRef<'_>, table: &Table, column: &str) -> Option<Vec<String>> {
        if Self::column_is_referenced(table, column) {
            return None;
        }
        Some(vec![format!(
            "ALTER TABLE {} DROP COLUMN {}",
            self.quote(t.name),
            self.quote(column)
        )])
    }

    fn alter_column(
        &self,
        _t: TableRef<'_>,
        _table: &Table,
        _from: &Column,
        _to: &Column,
    ) -> Option<Vec<String>> {
        None
    }

    fn alter_primary_key(
        &self,
        _t: TableRef<'_>,
        _from: Option<&PrimaryKey>,
        _to: Option<&PrimaryKey>,
    ) -> Option<Vec<String>> {
        None
    }

    fn create_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>> {
        (index.kind != IndexKind::UniqueConstraint)
            .then(|| vec![self.create_index_sql(t.name, name, index)])
    }

    fn drop_index(&self, _t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>> {
        (index.kind != IndexKind::UniqueConstraint)
            .then(|| vec![format!("DROP INDEX {}", self.quote(name))])
    }

    fn add_foreign_key(
        &self,
        _t: TableRef<'_>,
        _name: &str,
        _fk: &ForeignKey,
    ) -> Option<Vec<String>> {
        None
    }

    fn drop_foreign_key(
        &self,
        _t: TableRef<'_>,
        _name: &str,
        _fk: &ForeignKey,
    ) -> Option<Vec<String>> {
        None
    }

    fn add_check(
        &self,
        _t: TableRef<'_>,
        _name: &str,
        _check: &keel_model::Check,
    ) -> Option<Vec<String>> {
        None
    }

    fn drop_check(
        &self,
        _t: TableRef<'_>,
        _name: &str,
        _check: &keel_model::Check,
    ) -> Option<Vec<String>> {
        None
    }

    fn rebuild_table(
        &self,
        t: TableRef<'_>,
        _from: &Table,
        to: &Table,
        copy: &[(String, String)],
    ) -> Option<Vec<String>> {
        let temp = format!("{REBUILD_PREFIX}{}", t.name);
        let mut out = vec![format!(
            "CREATE TABLE {} {}",
            self.quote(&temp),
            self.body(to, true)
        )];
        let copied: Vec<&(String, String)> = copy
            .iter()
            .filter(|(_, target)| to.column(target).is_some_and(|c| c.generated.is_none()))
            .collect();
        if !copied.is_empty() {
            let targets: Vec<String> = copied.iter().map(|(_, t)| self.quote(t)).collect();
            let sources: Vec<String> = copied.iter().map(|(s, _)| self.quote(s)).collect();
            out.push(format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                self.quote(&temp),
                targets.join(", "),
                sources.join(", "),
                self.quote(t.name)
            ));
        }
        out.push(format!("DROP TABLE {}", self.quote(t.name)));
        out.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            self.quote(&temp),
            self.quote(t.name)
        ));
        for (name, index) in &to.indexes {
            if index.kind != IndexKind::UniqueConstraint && !index.implicit {
                out.push(self.create_index_sql(t.name, name, index));
            }
        }
        Some(out)
    }

    fn create_view(&self, _schema: &str, name: &str, view: &View) -> Vec<String> {
        if view
            .definition
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE")
        {
            vec![view.definition.clone()]
        } else {
            vec![format!(
                "CREATE VIEW {} AS {}",
                self.quote(name),
                view.definition
            )]
        }
    }

    fn drop_trigger(&self, _schema: &str, key: &str, _trigger: &Trigger) -> Vec<String> {
        vec![format!(
            "DROP TRIGGER IF EXISTS {}",
            self.quote(trigger_name(key))
        )]
    }

    fn drop_routine(
        &self,
        _schema: &str,
        _key: &str,
        _routine: &keel_model::Routine,
    ) -> Vec<String> {
        Vec::new()
    }
}
