use keel_model::{
    Check, Column, DefaultValue, ForeignKey, Identity, Index, IndexKind, PrimaryKey, Routine,
    Sequence, Table, Trigger, View,
};

use super::{foreign_key_clause, index_parts, parenthesized, trigger_name};
use crate::{Ddl, TableRef};

/// MySQL 8 and MariaDB 10.6+: one DDL statement per step (every DDL statement commits
/// implicitly, so a plan is never atomic), `ALTER TABLE … MODIFY COLUMN` with the full column
/// definition, columns moved with `FIRST`/`AFTER`, indexes declared in `CREATE TABLE`, foreign
/// keys added once every table exists. There is no table rebuild: a change MySQL cannot make
/// in place is reported as unsupported.
///
/// The SQL is written to read back, through keel's MySQL introspection, as exactly the
/// snapshot it came from: names are always given (except where the engine's own generated name
/// is what the snapshot recorded), and the indexes InnoDB makes for foreign keys are left to
/// InnoDB.
#[derive(Debug, Default, Clone, Copy)]
pub struct Mysql;

impl Mysql {
    fn table(&self, t: TableRef<'_>) -> String {
        self.qualified(t.schema, t.name)
    }

    fn declared_type(column: &Column) -> &str {
        column.raw_type.as_deref().unwrap_or(&column.ty)
    }

    /// The clause that declares an index inside CREATE TABLE or after `ALTER TABLE … ADD`.
    fn index_clause(&self, name: &str, index: &Index) -> String {
        let kind = match (index.kind, index.unique) {
            (IndexKind::Fulltext, _) => "FULLTEXT KEY",
            (IndexKind::Spatial, _) => "SPATIAL KEY",
            (_, true) => "UNIQUE KEY",
            (_, false) => "KEY",
        };
        let mut s = format!("{kind} {} {}", self.quote(name), index_parts(self, index));
        if let Some(m) = &index.method {
            s.push_str(&format!(" USING {}", m.to_ascii_uppercase()));
        }
        if let Some(c) = &index.comment {
            s.push_str(&format!(" COMMENT {}", string_literal(c)));
        }
        s
    }

    fn check_body(check: &Check) -> String {
        let mut s = format!("CHECK {}", parenthesized(&check.expression));
        if check.not_enforced {
            s.push_str(" NOT ENFORCED");
        }
        s
    }

    /// MariaDB's column-level CHECK: named after its column, declared with it.
    fn column_check<'a>(table: &'a Table, column: &Column) -> Option<&'a Check> {
        table.checks.get(&column.name).filter(|c| c.auto_named)
    }

    fn primary_key_clause(&self, pk: &PrimaryKey) -> String {
        let cols: Vec<String> = pk.columns.iter().map(|c| self.quote(c)).collect();
        format!("PRIMARY KEY ({})", cols.join(", "))
    }

    /// `ENGINE=… DEFAULT CHARSET=… COLLATE=… COMMENT='…'` for CREATE TABLE.
    fn table_options(table: &Table) -> String {
        let mut out = Vec::new();
        if let Some(e) = &table.options.engine {
            out.push(format!("ENGINE={e}"));
        }
        if let Some(c) = &table.options.charset {
            out.push(format!("DEFAULT CHARSET={c}"));
        }
        if let Some(c) = &table.options.collation {
            out.push(format!("COLLATE={c}"));
        }
        if let Some(c) = &table.comment {
            out.push(format!("COMMENT={}", string_literal(c)));
        }
        if let Some(p) = &table.options.partition_by {
            out.push(format!("PARTITION BY {p}"));
        }
        out.join(" ")
    }

    /// `ALTER TABLE … MODIFY COLUMN` with the full definition in `table`, including the
    /// column's MariaDB column-level CHECK: MariaDB drops that check when MODIFY leaves it out.
    fn modify(&self, t: TableRef<'_>, table: &Table, column: &Column, position: &str) -> String {
        format!(
            "ALTER TABLE {} MODIFY COLUMN {}{position}",
            self.table(t),
            self.column_with_check(table, column)
        )
    }

    fn column_with_check(&self, table: &Table, column: &Column) -> String {
        let mut def = self.column_definition(table, column);
        if let Some(check) = Self::column_check(table, column) {
            def.push(' ');
            def.push_str(&Self::check_body(check));
        }
        def
    }

    fn default_sql(column: &Column, value: &DefaultValue) -> String {
        match value {
            DefaultValue::Literal { value } => {
                let ty = Self::declared_type(column).to_ascii_lowercase();
                // Hex for binary types, bare numbers for numeric ones (and BIT), else text.
                let bare = (value.starts_with("0x") && is_binary_type(&ty))
                    || (is_number(value) && is_numeric_type(&ty));
                if bare {
                    value.clone()
                } else {
                    string_literal(value)
                }
            }
            DefaultValue::Expression { sql } => parenthesized(sql),
            DefaultValue::CurrentTimestamp { precision: None } => "CURRENT_TIMESTAMP".into(),
            DefaultValue::CurrentTimestamp { precision: Some(p) } => {
                format!("CURRENT_TIMESTAMP({p})")
            }
        }
    }
}

/// A MySQL string literal: single quotes doubled, backslashes escaped.
fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

fn base_type(ty: &str) -> &str {
    let end = ty
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(ty.len());
    &ty[..end]
}

fn is_numeric_type(ty: &str) -> bool {
    matches!(
        base_type(ty),
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "numeric"
            | "float"
            | "double"
            | "real"
            | "bit"
            | "bool"
            | "boolean"
            | "year"
    )
}

fn is_binary_type(ty: &str) -> bool {
    matches!(
        base_type(ty),
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob"
    )
}

fn is_text_type(ty: &str) -> bool {
    matches!(
        base_type(ty),
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "enum" | "set"
    )
}

fn is_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    !t.is_empty()
        && t.parse::<f64>().is_ok()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}

/// `name` from a routine key `name(argument types)`.
fn routine_name(key: &str) -> &str {
    key.split_once('(').map_or(key, |(n, _)| n)
}

impl Ddl for Mysql {
    fn engine(&self) -> &'static str {
        "mysql"
    }

    fn quote(&self, ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }

    fn column_definition(&self, _table: &Table, column: &Column) -> String {
        let mut s = format!(
            "{} {}",
            self.quote(&column.name),
            Self::declared_type(column)
        );
        if let Some(c) = &column.charset {
            s.push_str(&format!(" CHARACTER SET {c}"));
        }
        if let Some(c) = &column.collation {
            s.push_str(&format!(" COLLATE {c}"));
        }
        if let Some(g) = &column.generated {
            s.push_str(&format!(
                " GENERATED ALWAYS AS {} {}",
                parenthesized(&g.expression),
                if g.stored { "STORED" } else { "VIRTUAL" }
            ));
            // MariaDB accepts no NULL/NOT NULL on a generated column (its columns are always
            // nullable); MySQL defaults to NULL.
            if !column.nullable {
                s.push_str(" NOT NULL");
            }
        } else {
            s.push_str(if column.nullable {
                " NULL"
            } else {
                " NOT NULL"
            });
            if let Some(d) = &column.default {
                s.push_str(&format!(" DEFAULT {}", Self::default_sql(column, d)));
            }
            if let Some(u) = &column.on_update {
                s.push_str(&format!(" ON UPDATE {}", Self::default_sql(column, u)));
            }
        }
        if matches!(column.identity, Some(Identity::AutoIncrement)) {
            s.push_str(" AUTO_INCREMENT");
        }
        if let Some(c) = &column.comment {
            s.push_str(&format!(" COMMENT {}", string_literal(c)));
        }
        s
    }

    fn create_table(&self, t: TableRef<'_>, table: &Table, with_foreign_keys: bool) -> Vec<String> {
        let mut lines: Vec<String> = table
            .columns
            .iter()
            .map(|c| self.column_with_check(table, c))
            .collect();
        if let Some(pk) = &table.primary_key {
            lines.push(self.primary_key_clause(pk));
        }
        for (name, index) in &table.indexes {
            // InnoDB makes the index a foreign key needs when the key is added.
            if !index.implicit {
                lines.push(self.index_clause(name, index));
            }
        }
        for (name, check) in &table.checks {
            if table.column(name).is_none() || !check.auto_named {
                lines.push(format!(
                    "CONSTRAINT {} {}",
                    self.quote(name),
                    Self::check_body(check)
                ));
            }
        }
        if with_foreign_keys {
            for (name, fk) in &table.foreign_keys {
                lines.push(foreign_key_clause(self, name, fk));
            }
        }
        let options = Self::table_options(table);
        let suffix = if options.is_empty() {
            String::new()
        } else {
            format!(" {options}")
        };
        vec![format!(
            "CREATE TABLE {} (\n  {}\n){suffix}",
            self.table(t),
            lines.join(",\n  ")
        )]
    }

    fn create_table_includes_indexes(&self) -> bool {
        true
    }

    fn foreign_keys_need_indexes(&self) -> bool {
        true
    }

    fn foreign_keys_block_type_changes(&self) -> bool {
        true
    }

    fn add_column(&self, t: TableRef<'_>, table: &Table, column: &Column) -> Option<Vec<String>> {
        // Added after the columns that precede it in the target (kept columns are already in
        // order and earlier additions already made); the last column needs no position.
        let at = table.columns.iter().position(|c| c.name == column.name);
        let position = match at {
            Some(0) => " FIRST".to_string(),
            Some(i) if i + 1 < table.columns.len() => {
                format!(" AFTER {}", self.quote(&table.columns[i - 1].name))
            }
            _ => String::new(),
        };
        Some(vec![format!(
            "ALTER TABLE {} ADD COLUMN {}{position}",
            self.table(t),
            self.column_definition(table, column)
        )])
    }

    fn alter_column(
        &self,
        t: TableRef<'_>,
        table: &Table,
        from: &Column,
        to: &Column,
    ) -> Option<Vec<String>> {
        // MySQL cannot switch a column between VIRTUAL, STORED and not generated with MODIFY
        // (it must be dropped and added, which loses data or indexes): not done silently.
        let storage = |c: &Column| c.generated.as_ref().map(|g| g.stored);
        if storage(from) != storage(to) {
            return None;
        }
        Some(vec![self.modify(t, table, to, "")])
    }

    fn move_column(
        &self,
        t: TableRef<'_>,
        table: &Table,
        column: &Column,
        after: Option<&str>,
    ) -> Option<Vec<String>> {
        let position = match after {
            Some(a) => format!(" AFTER {}", self.quote(a)),
            None => " FIRST".to_string(),
        };
        Some(vec![self.modify(t, table, column, &position)])
    }

    fn alter_primary_key(
        &self,
        t: TableRef<'_>,
        from: Option<&PrimaryKey>,
        to: Option<&PrimaryKey>,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        if from.is_some() {
            out.push(format!("ALTER TABLE {} DROP PRIMARY KEY", self.table(t)));
        }
        if let Some(pk) = to {
            out.push(format!(
                "ALTER TABLE {} ADD {}",
                self.table(t),
                self.primary_key_clause(pk)
            ));
        }
        Some(out)
    }

    fn create_index(&self, t: TableRef<'_>, name: &str, index: &Index) -> Option<Vec<String>> {
        if index.predicate.is_some()
            || !index.include.is_empty()
            || index.kind == IndexKind::UniqueConstraint
        {
            return None;
        }
        Some(vec![format!(
            "ALTER TABLE {} ADD {}",
            self.table(t),
            self.index_clause(name, index)
        )])
    }

    fn drop_index(&self, t: TableRef<'_>, name: &str, _index: &Index) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} DROP INDEX {}",
            self.table(t),
            self.quote(name)
        )])
    }

    fn rename_index(&self, t: TableRef<'_>, from: &str, to: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} RENAME INDEX {} TO {}",
            self.table(t),
            self.quote(from),
            self.quote(to)
        )])
    }

    fn add_foreign_key(&self, t: TableRef<'_>, name: &str, fk: &ForeignKey) -> Option<Vec<String>> {
        // An engine-named key (`t_ibfk_N`) is added unnamed: naming it would also rename the
        // index InnoDB makes for it, which is named after the column when the key has no name.
        Some(vec![format!(
            "ALTER TABLE {} ADD {}",
            self.table(t),
            foreign_key_clause(self, name, fk)
        )])
    }

    fn drop_foreign_key(
        &self,
        t: TableRef<'_>,
        name: &str,
        _fk: &ForeignKey,
    ) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} DROP FOREIGN KEY {}",
            self.table(t),
            self.quote(name)
        )])
    }

    fn add_check(&self, t: TableRef<'_>, name: &str, check: &Check) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {}",
            self.table(t),
            self.quote(name),
            Self::check_body(check)
        )])
    }

    fn add_check_to(
        &self,
        t: TableRef<'_>,
        table: &Table,
        name: &str,
        check: &Check,
    ) -> Option<Vec<String>> {
        match table
            .column(name)
            .filter(|c| Self::column_check(table, c).is_some())
        {
            // A MariaDB column-level check exists only as part of its column.
            Some(column) => Some(vec![self.modify(t, table, column, "")]),
            None => self.add_check(t, name, check),
        }
    }

    fn drop_check_from(
        &self,
        t: TableRef<'_>,
        table: &Table,
        name: &str,
        check: &Check,
    ) -> Option<Vec<String>> {
        match table
            .column(name)
            .filter(|c| Self::column_check(table, c).is_some())
        {
            // MariaDB has no DROP for a column-level check: the column is declared without it.
            Some(column) => Some(vec![format!(
                "ALTER TABLE {} MODIFY COLUMN {}",
                self.table(t),
                self.column_definition(table, column)
            )]),
            None => self.drop_check(t, name, check),
        }
    }

    fn drop_check(&self, t: TableRef<'_>, name: &str, _check: &Check) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            self.table(t),
            self.quote(name)
        )])
    }

    fn alter_table_options(
        &self,
        t: TableRef<'_>,
        from: &Table,
        to: &Table,
    ) -> Option<Vec<String>> {
        let table = self.table(t);
        let mut out = Vec::new();
        if from.options.engine != to.options.engine {
            out.push(format!(
                "ALTER TABLE {table} ENGINE={}",
                to.options.engine.as_deref().unwrap_or("InnoDB")
            ));
        }
        let charset_changes = from.options.charset != to.options.charset
            || from.options.collation != to.options.collation;
        if charset_changes {
            // The table default changes; columns that inherit it are then re-declared so they
            // take the new one (CONVERT TO would also touch the columns that keep their own
            // character set, and widen TEXT types).
            let charset = to.options.charset.as_deref().unwrap_or("DEFAULT");
            let mut s = format!("ALTER TABLE {table} DEFAULT CHARACTER SET = {charset}");
            if let Some(c) = &to.options.collation {
                s.push_str(&format!(" COLLATE = {c}"));
            }
            out.push(s);
            for c in &to.columns {
                let ty = Self::declared_type(c).to_ascii_lowercase();
                if c.charset.is_none()
                    && c.collation.is_none()
                    && is_text_type(&ty)
                    && !ty.starts_with("json")
                {
                    out.push(self.modify(t, to, c, ""));
                }
            }
        }
        if from.comment != to.comment {
            out.push(format!(
                "ALTER TABLE {table} COMMENT = {}",
                string_literal(to.comment.as_deref().unwrap_or(""))
            ));
        }
        if from.options.partition_by != to.options.partition_by {
            out.push(match &to.options.partition_by {
                Some(p) => format!("ALTER TABLE {table} PARTITION BY {p}"),
                None => format!("ALTER TABLE {table} REMOVE PARTITIONING"),
            });
        }
        // Nothing else (SQLite's and PostgreSQL's options) exists on MySQL.
        let rest = |o: &keel_model::TableOptions| keel_model::TableOptions {
            engine: None,
            charset: None,
            collation: None,
            partition_by: None,
            ..o.clone()
        };
        (rest(&from.options) == rest(&to.options)).then_some(out)
    }

    fn create_view(&self, schema: &str, name: &str, view: &View) -> Vec<String> {
        let mut s = format!(
            "CREATE VIEW {} AS {}",
            self.qualified(schema, name),
            view.definition
        );
        if let Some(option) = &view.check_option {
            s.push_str(&format!(
                " WITH {} CHECK OPTION",
                option.to_ascii_uppercase()
            ));
        }
        vec![s]
    }

    fn create_trigger(&self, schema: &str, key: &str, trigger: &Trigger) -> Vec<String> {
        let events: Vec<String> = trigger
            .events
            .iter()
            .map(|e| e.to_ascii_uppercase())
            .collect();
        vec![format!(
            "CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
            self.qualified(schema, trigger_name(key)),
            trigger.timing.to_ascii_uppercase(),
            events.join(" OR "),
            self.qualified(schema, &trigger.table),
            trigger.definition
        )]
    }

    fn drop_trigger(&self, schema: &str, key: &str, _trigger: &Trigger) -> Vec<String> {
        vec![format!(
            "DROP TRIGGER {}",
            self.qualified(schema, trigger_name(key))
        )]
    }

    fn drop_routine(&self, schema: &str, key: &str, routine: &Routine) -> Vec<String> {
        let kind = if routine.kind.eq_ignore_ascii_case("procedure") {
            "PROCEDURE"
        } else {
            "FUNCTION"
        };
        vec![format!(
            "DROP {kind} {}",
            self.qualified(schema, routine_name(key))
        )]
    }

    fn create_sequence(
        &self,
        schema: &str,
        name: &str,
        sequence: &Sequence,
    ) -> Option<Vec<String>> {
        Some(vec![format!(
            "CREATE SEQUENCE {} {}",
            self.qualified(schema, name),
            sequence_options(sequence)
        )])
    }

    fn drop_sequence(&self, schema: &str, name: &str) -> Option<Vec<String>> {
        Some(vec![format!(
            "DROP SEQUENCE {}",
            self.qualified(schema, name)
        )])
    }

    fn alter_sequence(
        &self,
        schema: &str,
        name: &str,
        _from: &Sequence,
        to: &Sequence,
    ) -> Option<Vec<String>> {
        Some(vec![format!(
            "ALTER SEQUENCE {} {}",
            self.qualified(schema, name),
            sequence_options(to)
        )])
    }
}

/// MariaDB sequence options. `START WITH` in ALTER SEQUENCE changes the start only; the
/// sequence's next value is left alone (that is data, not schema).
fn sequence_options(s: &Sequence) -> String {
    let cache = if s.cache > 0 {
        format!("CACHE {}", s.cache)
    } else {
        "NOCACHE".into()
    };
    let cycle = if s.cycle { "CYCLE" } else { "NOCYCLE" };
    format!(
        "START WITH {} MINVALUE {} MAXVALUE {} INCREMENT BY {} {cache} {cycle}",
        s.start, s.min, s.max, s.increment
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_model::Generated;

    fn column(name: &str, ty: &str) -> Column {
        Column::new(name, ty)
    }

    #[test]
    fn column_definitions_follow_the_model() {
        let t = Table::default();
        let mut c = column("updated_at", "datetime(2)");
        c.default = Some(DefaultValue::CurrentTimestamp { precision: Some(2) });
        c.on_update = Some(DefaultValue::CurrentTimestamp { precision: Some(2) });
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`updated_at` datetime(2) NOT NULL DEFAULT CURRENT_TIMESTAMP(2) ON UPDATE CURRENT_TIMESTAMP(2)"
        );
        let mut c = column("n", "int unsigned");
        c.default = Some(DefaultValue::Literal { value: "0".into() });
        c.identity = None;
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`n` int unsigned NOT NULL DEFAULT 0"
        );
        let mut c = column("s", "varchar(10)");
        c.nullable = true;
        c.default = Some(DefaultValue::Literal {
            value: "it's a \\ test".into(),
        });
        c.comment = Some("note".into());
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`s` varchar(10) NULL DEFAULT 'it''s a \\\\ test' COMMENT 'note'"
        );
        let mut c = column("g", "decimal(8,2)");
        c.nullable = true;
        c.generated = Some(Generated {
            expression: "`a` * 2".into(),
            stored: true,
        });
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`g` decimal(8,2) GENERATED ALWAYS AS (`a` * 2) STORED"
        );
        let mut c = column("b", "varbinary(4)");
        c.default = Some(DefaultValue::Literal {
            value: "0x00ff".into(),
        });
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`b` varbinary(4) NOT NULL DEFAULT 0x00ff"
        );
        let mut c = column("u", "char(36)");
        c.default = Some(DefaultValue::Expression {
            sql: "uuid()".into(),
        });
        assert_eq!(
            Mysql.column_definition(&t, &c),
            "`u` char(36) NOT NULL DEFAULT (uuid())"
        );
    }

    #[test]
    fn create_table_declares_keys_checks_and_options() {
        let mut t = Table::default();
        let mut id = column("id", "bigint unsigned");
        id.identity = Some(Identity::AutoIncrement);
        t.columns.push(id);
        let mut name = column("name", "varchar(100)");
        name.charset = Some("ascii".into());
        name.collation = Some("ascii_bin".into());
        t.columns.push(name);
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        });
        let part = |c: &str, len: Option<u32>| keel_model::IndexPart {
            column: Some(c.into()),
            prefix_length: len,
            ..Default::default()
        };
        t.indexes.insert(
            "name".into(),
            Index {
                parts: vec![part("name", Some(10))],
                auto_named: true,
                ..Index::default()
            },
        );
        t.indexes.insert(
            "fk_x".into(),
            Index {
                parts: vec![part("id", None)],
                implicit: true,
                ..Index::default()
            },
        );
        t.checks.insert(
            "chk_name".into(),
            Check {
                expression: "`name` <> ''".into(),
                ..Check::default()
            },
        );
        t.options.engine = Some("MyISAM".into());
        t.options.partition_by = Some("HASH (`id`) PARTITIONS 4".into());
        t.comment = Some("people".into());
        assert_eq!(
            Mysql.create_table(TableRef { schema: "main", name: "p" }, &t, false),
            ["CREATE TABLE `p` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  \
              `name` varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,\n  PRIMARY KEY (`id`),\n  \
              KEY `name` (`name`(10)),\n  CONSTRAINT `chk_name` CHECK (`name` <> '')\n) \
              ENGINE=MyISAM COMMENT='people' PARTITION BY HASH (`id`) PARTITIONS 4"]
        );
    }

    #[test]
    fn routine_and_trigger_names() {
        assert_eq!(routine_name("f(int, varchar(10))"), "f");
        let trigger = Trigger {
            table: "t".into(),
            timing: "before".into(),
            events: vec!["insert".into()],
            for_each_row: true,
            definition: "SET NEW.a = 1".into(),
        };
        assert_eq!(
            Mysql.create_trigger("main", "t.t_bi", &trigger),
            ["CREATE TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.a = 1"]
        );
    }
}
