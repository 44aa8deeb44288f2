//! Laravel migrations written from two schema states: the PHP of `keel diff --emit laravel`
//! and of `keel reconstruct --style laravel`.
//!
//! What the Schema builder says exactly for the engine — created and dropped tables, their
//! columns, indexes and foreign keys, added and dropped columns — is written with the builder.
//! Everything else (views, triggers, routines, CHECKs, changed columns, types the builder has
//! no word for, and what Laravel 8 needs Doctrine DBAL for, such as SQLite's `dropColumn`) is
//! planned by keel_plan and written as `DB::statement(...)`, so nothing is ever left out: the
//! builder part is applied to the model as it is written, and the planner is asked for the
//! rest, from that state to the target.
//!
//! `down()` is not `up()` reversed: it is the migration from the target back to the start.

use std::collections::BTreeSet;

use keel_model::{
    Column, DefaultValue, ForeignKey, Identity, Index, IndexKind, Schema, Snapshot, Table,
};
use keel_plan::{Ddl, PlanError, PlanOptions};

/// The PHP of one anonymous-class migration: `up()` turns `before` into `after`, `down()`
/// turns `after` back into `before`. `header` (comment lines without the `//`) goes above the
/// class.
pub fn migration(
    before: &Snapshot,
    after: &Snapshot,
    ddl: &dyn Ddl,
    header: &[String],
) -> Result<String, PlanError> {
    let up = body(before, after, ddl)?;
    let down = body(after, before, ddl)?;
    let mut php = String::from("<?php\n\n");
    for line in header {
        if line.is_empty() {
            php.push_str("//\n");
        } else {
            php.push_str(&format!("// {line}\n"));
        }
    }
    if !header.is_empty() {
        php.push('\n');
    }
    php.push_str(
        "use Illuminate\\Database\\Migrations\\Migration;\n\
         use Illuminate\\Database\\Schema\\Blueprint;\n\
         use Illuminate\\Support\\Facades\\DB;\n\
         use Illuminate\\Support\\Facades\\Schema;\n\n\
         return new class extends Migration\n{\n",
    );
    php.push_str("    /**\n     * Run the migrations.\n     *\n     * @return void\n     */\n");
    php.push_str("    public function up()\n    {\n");
    php.push_str(&indent(&up));
    php.push_str("    }\n\n");
    php.push_str("    /**\n     * Reverse the migrations.\n     *\n     * @return void\n     */\n");
    php.push_str("    public function down()\n    {\n");
    php.push_str(&indent(&down));
    php.push_str("    }\n};\n");
    Ok(php)
}

/// Laravel's file name for a new migration at `now`: `YYYY_MM_DD_HHMMSS_NAME.php`.
pub fn file_name(now: &time::OffsetDateTime, name: &str) -> String {
    format!(
        "{:04}_{:02}_{:02}_{:02}{:02}{:02}_{name}.php",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn indent(blocks: &[String]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in block.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("        {line}\n"));
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
    Mysql,
}

impl Engine {
    fn of(snapshot: &Snapshot) -> Option<Engine> {
        match snapshot.engine.as_str() {
            "sqlite" => Some(Engine::Sqlite),
            "postgres" | "postgresql" => Some(Engine::Postgres),
            "mysql" | "mariadb" => Some(Engine::Mysql),
            _ => None,
        }
    }

    /// Whether `name` is the schema the builder's unqualified table names land in.
    fn builder_schema(self, name: &str, snapshot: &Snapshot) -> bool {
        match self {
            Engine::Postgres => name == "public",
            Engine::Sqlite => name == "main",
            Engine::Mysql => snapshot.schemas.len() == 1,
        }
    }
}

/// The statements of one direction, as PHP blocks.
fn body(from: &Snapshot, to: &Snapshot, ddl: &dyn Ddl) -> Result<Vec<String>, PlanError> {
    let mut blocks = Vec::new();
    let mut mid = from.clone();
    if let Some(engine) = Engine::of(to) {
        let names: BTreeSet<String> = from
            .schemas
            .keys()
            .chain(to.schemas.keys())
            .filter(|n| engine.builder_schema(n, to) && engine.builder_schema(n, from))
            .cloned()
            .collect();
        for name in names {
            let empty = Schema::default();
            let old = from.schemas.get(&name).unwrap_or(&empty);
            let new = to.schemas.get(&name).unwrap_or(&empty);
            let mut state = old.clone();
            builder(engine, old, new, &mut state, &mut blocks);
            *mid.schema_mut(&name) = state;
        }
    }
    let rest = keel_plan::plan(&mid, to, ddl, &PlanOptions::default())?;
    if !rest.manual.is_empty() || !rest.steps.is_empty() {
        let mut block = String::new();
        if !rest.steps.is_empty() {
            block.push_str(
                "// What the Schema builder cannot say exactly for this driver, as keel planned it.\n",
            );
        }
        for note in &rest.manual {
            block.push_str(&format!("// keel: {}\n", note.replace('\n', " ")));
        }
        for step in &rest.steps {
            block.push_str(&format!("DB::statement({});\n", php_str(&step.sql)));
        }
        blocks.push(block);
    }
    Ok(blocks)
}

/// Writes the builder's part of `old → new` into `blocks`, applying it to `state`.
fn builder(
    engine: Engine,
    old: &Schema,
    new: &Schema,
    state: &mut Schema,
    blocks: &mut Vec<String>,
) {
    // Views, triggers and routines may depend on tables and columns; the planner orders
    // their changes, so with any of them around the builder leaves drops to it.
    let dependants =
        |s: &Schema| !s.views.is_empty() || !s.triggers.is_empty() || !s.routines.is_empty();
    let may_drop = !dependants(old) && !dependants(new);

    // 1. Altered tables: keys, indexes and columns.
    let mut later_fks: Vec<(String, Vec<(String, ForeignKey)>)> = Vec::new();
    for (name, before) in &old.tables {
        let Some(after) = new.tables.get(name) else {
            continue;
        };
        let mut lines = Vec::new();
        let mut current = before.clone();
        let mut fks = Vec::new();
        if engine != Engine::Sqlite {
            for (fk_name, fk) in &before.foreign_keys {
                if after.foreign_keys.get(fk_name) != Some(fk) && !fk.auto_named {
                    lines.push(format!("$table->dropForeign({});", php_str(fk_name)));
                    current.foreign_keys.remove(fk_name);
                    if let Some(ix) = current.indexes.get(fk_name) {
                        if ix.implicit {
                            current.indexes.remove(fk_name);
                        }
                    }
                }
            }
        }
        for (ix_name, ix) in &before.indexes {
            if ix.implicit || after.indexes.get(ix_name) == Some(ix) {
                continue;
            }
            if let Some(call) = drop_index(engine, ix) {
                lines.push(format!("$table->{call}({});", php_str(ix_name)));
                current.indexes.remove(ix_name);
            }
        }
        if may_drop && engine != Engine::Sqlite {
            let gone: Vec<&Column> = before
                .columns
                .iter()
                .filter(|c| after.column(&c.name).is_none() && !used(&current, &c.name))
                .collect();
            if !gone.is_empty() {
                let list: Vec<String> = gone.iter().map(|c| php_str(&c.name)).collect();
                lines.push(format!("$table->dropColumn([{}]);", list.join(", ")));
                current
                    .columns
                    .retain(|c| !gone.iter().any(|g| g.name == c.name));
            }
        }
        // New columns at the end of the table, in order, each one the builder can say.
        let kept_last = after
            .columns
            .iter()
            .rposition(|c| before.column(&c.name).is_some());
        let same_prefix = current
            .columns
            .iter()
            .zip(&after.columns)
            .all(|(a, b)| a.name == b.name);
        if same_prefix && current.columns.len() <= after.columns.len() {
            let start = current.columns.len();
            if kept_last.is_none_or(|k| k < start) {
                for c in &after.columns[start..] {
                    if before.column(&c.name).is_some() {
                        break;
                    }
                    let addable = engine != Engine::Sqlite
                        || c.nullable
                        || matches!(c.default, Some(DefaultValue::Literal { .. }));
                    match column(engine, c, None, None).filter(|_| addable && c.identity.is_none())
                    {
                        Some(call) => {
                            lines.push(call);
                            current.columns.push(c.clone());
                        }
                        None => break,
                    }
                }
            }
        }
        for (ix_name, ix) in &after.indexes {
            if ix.implicit || current.indexes.contains_key(ix_name) {
                continue;
            }
            if !ix.parts.iter().all(|p| {
                p.column
                    .as_ref()
                    .is_some_and(|c| current.column(c).is_some())
            }) {
                continue;
            }
            if let Some(call) = add_index(engine, ix_name, ix) {
                lines.push(call);
                current.indexes.insert(ix_name.clone(), ix.clone());
            }
        }
        if engine != Engine::Sqlite {
            for (fk_name, fk) in &after.foreign_keys {
                if !current.foreign_keys.contains_key(fk_name) && !fk.auto_named {
                    fks.push((fk_name.clone(), fk.clone()));
                }
            }
        }
        if !lines.is_empty() {
            blocks.push(table_block("table", name, &lines));
        }
        if engine == Engine::Postgres {
            for (check_name, check) in &after.checks {
                if current.checks.contains_key(check_name) || check.not_enforced || check.no_inherit
                {
                    continue;
                }
                let found = current
                    .columns
                    .iter()
                    .find_map(|c| enum_values(engine, c, &check.expression).map(|v| (c, v)));
                if let Some((c, values)) = found {
                    let sql = pg_in_check(name, check_name, &c.name, &values);
                    blocks.push(format!("DB::statement({});\n", php_str(&sql)));
                    current.checks.insert(check_name.clone(), check.clone());
                }
            }
        }
        state.tables.insert(name.clone(), current);
        if !fks.is_empty() {
            later_fks.push((name.clone(), fks));
        }
    }

    // 2. Dropped tables, children first; one still referenced is left to the planner.
    if may_drop {
        let mut gone: Vec<&String> = old
            .tables
            .keys()
            .filter(|n| !new.tables.contains_key(*n))
            .collect();
        loop {
            let before = gone.len();
            gone.retain(|name| {
                let referenced = state.tables.iter().any(|(other, t)| {
                    other != *name && t.foreign_keys.values().any(|fk| &fk.ref_table == *name)
                });
                if referenced {
                    return true;
                }
                blocks.push(format!("Schema::dropIfExists({});\n", php_str(name)));
                state.tables.remove(*name);
                false
            });
            if gone.len() == before || gone.is_empty() {
                break;
            }
        }
    }

    // 3. Created tables; foreign keys in their own step after all of them (SQLite takes
    //    them only in the create statement).
    for (name, table) in &new.tables {
        if old.tables.contains_key(name) {
            continue;
        }
        let Some((lines, built, fks, extra)) = create(engine, table, name) else {
            continue;
        };
        blocks.push(table_block("create", name, &lines));
        for sql in extra {
            blocks.push(format!("DB::statement({});\n", php_str(&sql)));
        }
        state.tables.insert(name.clone(), built);
        if !fks.is_empty() {
            later_fks.push((name.clone(), fks));
        }
    }
    // A key only to a table that exists by now: one the planner creates gets its keys
    // from the planner too.
    let existing: BTreeSet<(String, String)> = state
        .tables
        .iter()
        .flat_map(|(t, table)| {
            table
                .columns
                .iter()
                .map(move |c| (t.clone(), c.name.clone()))
        })
        .collect();
    for (name, fks) in later_fks {
        let Some(current) = state.tables.get_mut(&name) else {
            continue;
        };
        let mut lines = Vec::new();
        for (fk_name, fk) in fks {
            let columns_exist = fk.columns.iter().all(|c| current.column(c).is_some());
            let target_ok = fk.ref_schema.is_none()
                && fk
                    .ref_columns
                    .iter()
                    .all(|c| existing.contains(&(fk.ref_table.clone(), c.clone())));
            if !columns_exist || !target_ok {
                continue;
            }
            lines.push(foreign(&fk_name, &fk));
            if engine == Engine::Mysql {
                // MySQL adds an index for a key that has none; the inspector reports it as
                // implicit under the key's name.
                if let Some(ix) = new
                    .tables
                    .get(&name)
                    .and_then(|t| t.indexes.get(&fk_name))
                    .filter(|ix| ix.implicit)
                {
                    current.indexes.insert(fk_name.clone(), ix.clone());
                }
            }
            current.foreign_keys.insert(fk_name, fk);
        }
        if !lines.is_empty() {
            blocks.push(table_block("table", &name, &lines));
        }
    }
}

/// Whether an index or key of `table` uses `column`.
fn used(table: &Table, column: &str) -> bool {
    let named = |c: &Option<String>| c.as_deref() == Some(column);
    table.indexes.values().any(|ix| {
        ix.parts
            .iter()
            .any(|p| named(&p.column) || p.expression.is_some())
    }) || table
        .foreign_keys
        .values()
        .any(|fk| fk.columns.iter().any(|c| c == column))
        || table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c == column))
        || !table.checks.is_empty()
}

fn table_block(verb: &str, table: &str, lines: &[String]) -> String {
    let mut block = format!(
        "Schema::{verb}({}, function (Blueprint $table) {{\n",
        php_str(table)
    );
    for line in lines {
        block.push_str(&format!("    {line}\n"));
    }
    block.push_str("});\n");
    block
}

/// The builder lines of a created table, the table they make, and its foreign keys for the
/// later step; `None` when any part would not come out exactly as in `table`.
/// The last part: SQL for CHECKs the builder cannot name, run right after the create.
type Created = (Vec<String>, Table, Vec<(String, ForeignKey)>, Vec<String>);

fn create(engine: Engine, table: &Table, name: &str) -> Option<Created> {
    if table.comment.is_some() || !options_ok(engine, table) {
        return None;
    }
    // The CHECKs Laravel writes for enum() on SQLite and PostgreSQL are said as enum();
    // on PostgreSQL one under another name (a renamed column keeps its check's old name) is
    // written in Laravel's own words so that the server stores it the same way. Any other
    // CHECK leaves the whole table to the planner.
    let mut enums: Vec<(String, Vec<String>)> = Vec::new();
    let mut extra = Vec::new();
    for (check_name, check) in &table.checks {
        if check.not_enforced || check.no_inherit {
            return None;
        }
        let (c, values) = table
            .columns
            .iter()
            .find_map(|c| enum_values(engine, c, &check.expression).map(|values| (c, values)))?;
        let taken = enums.iter().any(|(column, _)| column == &c.name);
        let enum_call = match engine {
            Engine::Sqlite => check.auto_named,
            Engine::Postgres => {
                *check_name == format!("{name}_{}_check", c.name)
                    && c.ty == "character varying(255)"
            }
            Engine::Mysql => false,
        };
        if enum_call && !taken {
            enums.push((c.name.clone(), values));
        } else if engine == Engine::Postgres {
            extra.push(pg_in_check(name, check_name, &c.name, &values));
        } else {
            return None;
        }
    }
    let pk = table.primary_key.as_ref();
    if pk.is_some_and(|pk| pk.name.is_some()) {
        return None;
    }
    let identity_pk = pk.filter(|pk| pk.columns.len() == 1).and_then(|pk| {
        table
            .column(&pk.columns[0])
            .filter(|c| c.identity.is_some())
            .map(|c| c.name.clone())
    });
    let mut lines = Vec::new();
    for c in &table.columns {
        let is_pk = identity_pk.as_deref() == Some(c.name.as_str());
        if c.identity.is_some() && !is_pk {
            return None;
        }
        let values = enums
            .iter()
            .find(|(column, _)| column == &c.name)
            .map(|(_, v)| v.as_slice());
        lines.push(column(engine, c, is_pk.then_some(()), values)?);
    }
    if let Some(pk) = pk {
        if identity_pk.is_none() {
            let cols: Vec<String> = pk.columns.iter().map(|c| php_str(c)).collect();
            lines.push(format!("$table->primary([{}]);", cols.join(", ")));
        }
    }
    let mut built = table.clone();
    built.indexes.clear();
    built.foreign_keys.clear();
    for (name, ix) in &table.indexes {
        if ix.implicit {
            continue;
        }
        if let Some(call) = add_index(engine, name, ix) {
            lines.push(call);
            built.indexes.insert(name.clone(), ix.clone());
        }
    }
    let mut later = Vec::new();
    for (name, fk) in &table.foreign_keys {
        if fk.ref_schema.is_some() || fk.deferrable.is_some() || fk.match_full || fk.not_enforced {
            continue;
        }
        if engine == Engine::Sqlite {
            // SQLite names no keys: the builder's default name is never stored.
            lines.push(foreign("", fk));
            built.foreign_keys.insert(name.clone(), fk.clone());
        } else if !fk.auto_named {
            later.push((name.clone(), fk.clone()));
        }
    }
    Some((lines, built, later, extra))
}

fn options_ok(engine: Engine, table: &Table) -> bool {
    let o = &table.options;
    let base = !o.strict && !o.without_rowid && !o.unlogged && o.partition_by.is_none();
    match engine {
        // Laravel's config/database.php: utf8mb4_unicode_ci, the server's default engine.
        Engine::Mysql => {
            base && o.engine.is_none()
                && o.charset.as_deref().is_none_or(|c| c == "utf8mb4")
                && o.collation
                    .as_deref()
                    .is_none_or(|c| c == "utf8mb4_unicode_ci")
        }
        _ => base && o.engine.is_none() && o.charset.is_none() && o.collation.is_none(),
    }
}

fn foreign(name: &str, fk: &ForeignKey) -> String {
    let list = |cols: &[String]| {
        if cols.len() == 1 {
            php_str(&cols[0])
        } else {
            format!(
                "[{}]",
                cols.iter()
                    .map(|c| php_str(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    };
    let mut s = if name.is_empty() {
        format!("$table->foreign({})", list(&fk.columns))
    } else {
        format!("$table->foreign({}, {})", list(&fk.columns), php_str(name))
    };
    s.push_str(&format!(
        "->references({})->on({})",
        list(&fk.ref_columns),
        php_str(&fk.ref_table)
    ));
    for (verb, action) in [("onDelete", &fk.on_delete), ("onUpdate", &fk.on_update)] {
        if let Some(a) = action {
            s.push_str(&format!("->{verb}({})", php_str(a)));
        }
    }
    s.push(';');
    s
}

/// `$table->unique([...], 'name');` or `index`, when the builder makes exactly `ix`.
fn add_index(engine: Engine, name: &str, ix: &Index) -> Option<String> {
    let plain = ix.method.is_none()
        && ix.predicate.is_none()
        && ix.include.is_empty()
        && !ix.nulls_not_distinct
        && ix.deferrable.is_none()
        && ix.comment.is_none()
        && !ix.parts.is_empty()
        && ix.parts.iter().all(|p| {
            p.column.is_some()
                && p.expression.is_none()
                && !p.descending
                && p.nulls.is_none()
                && p.prefix_length.is_none()
                && p.collation.is_none()
                && p.opclass.is_none()
        });
    if !plain {
        return None;
    }
    // Laravel's unique() is a constraint on PostgreSQL and an index elsewhere.
    let verb = match (ix.unique, ix.kind, engine) {
        (false, IndexKind::Index, _) => "index",
        (true, IndexKind::UniqueConstraint, Engine::Postgres) => "unique",
        (true, IndexKind::Index, Engine::Sqlite | Engine::Mysql) => "unique",
        _ => return None,
    };
    let cols: Vec<String> = ix
        .parts
        .iter()
        .filter_map(|p| p.column.as_deref())
        .map(php_str)
        .collect();
    Some(format!(
        "$table->{verb}([{}], {});",
        cols.join(", "),
        php_str(name)
    ))
}

fn drop_index(engine: Engine, ix: &Index) -> Option<&'static str> {
    match (ix.unique, ix.kind, engine) {
        (false, IndexKind::Index, _) => Some("dropIndex"),
        (true, IndexKind::UniqueConstraint, Engine::Postgres) => Some("dropUnique"),
        (true, IndexKind::Index, Engine::Sqlite | Engine::Mysql) => Some("dropUnique"),
        _ => None,
    }
}

/// The builder line for `c`, or `None` when its type, default or options have no exact
/// builder spelling on `engine`. `pk` marks the table's auto-incrementing key.
fn column(
    engine: Engine,
    c: &Column,
    pk: Option<()>,
    enum_values: Option<&[String]>,
) -> Option<String> {
    if c.generated.is_some() || c.charset.is_some() || c.collation.is_some() {
        return None;
    }
    if c.raw_type.is_some() {
        return None;
    }
    let n = php_str(&c.name);
    let ty = c.ty.to_ascii_lowercase();
    if pk.is_some() {
        let call = match (engine, ty.as_str(), &c.identity) {
            (
                Engine::Sqlite,
                "integer",
                Some(Identity::Rowid {
                    autoincrement: true,
                }),
            ) => "id",
            (Engine::Postgres, "bigint", Some(Identity::Serial { .. })) => "id",
            (Engine::Postgres, "integer", Some(Identity::Serial { .. })) => "increments",
            (Engine::Postgres, "smallint", Some(Identity::Serial { .. })) => "smallIncrements",
            (Engine::Mysql, "bigint unsigned", Some(Identity::AutoIncrement)) => "id",
            (Engine::Mysql, "int unsigned", Some(Identity::AutoIncrement)) => "increments",
            (Engine::Mysql, "mediumint unsigned", Some(Identity::AutoIncrement)) => {
                "mediumIncrements"
            }
            (Engine::Mysql, "smallint unsigned", Some(Identity::AutoIncrement)) => {
                "smallIncrements"
            }
            (Engine::Mysql, "tinyint unsigned", Some(Identity::AutoIncrement)) => "tinyIncrements",
            _ => return None,
        };
        if c.nullable || c.default.is_some() || (engine != Engine::Mysql && c.comment.is_some()) {
            return None;
        }
        // `id()` names its column `id` by default, as Laravel's own stubs write it.
        let mut s = if call == "id" && c.name == "id" {
            "$table->id()".to_string()
        } else {
            format!("$table->{call}({n})")
        };
        if let Some(comment) = &c.comment {
            s.push_str(&format!("->comment({})", php_str(comment)));
        }
        s.push(';');
        return Some(s);
    }
    if c.identity.is_some() {
        return None;
    }
    let call = match enum_values {
        Some(values) => {
            let list: Vec<String> = values.iter().map(|v| php_str(v)).collect();
            format!("enum({n}, [{}])", list.join(", "))
        }
        None => type_call(engine, &ty, &n)?,
    };
    let mut s = format!("$table->{call}");
    if c.nullable {
        s.push_str("->nullable()");
    }
    match &c.default {
        None => {}
        Some(DefaultValue::Literal { value }) => {
            // Laravel quotes every default; a boolean is stored as its word on PostgreSQL.
            s.push_str(&format!("->default({})", php_str(value)));
        }
        Some(DefaultValue::CurrentTimestamp { precision }) if now_fits(engine, &ty, *precision) => {
            s.push_str("->useCurrent()")
        }
        Some(_) => return None,
    }
    match &c.on_update {
        None => {}
        Some(DefaultValue::CurrentTimestamp { precision })
            if engine == Engine::Mysql && now_fits(engine, &ty, *precision) =>
        {
            s.push_str("->useCurrentOnUpdate()")
        }
        Some(_) => return None,
    }
    if let Some(comment) = &c.comment {
        if engine == Engine::Sqlite {
            return None;
        }
        s.push_str(&format!("->comment({})", php_str(comment)));
    }
    s.push(';');
    Some(s)
}

/// The values of an `enum()` column when `expression` is exactly the CHECK Laravel 8 writes
/// for it on this engine, as the inspector reports it.
fn enum_values(engine: Engine, c: &Column, expression: &str) -> Option<Vec<String>> {
    let n = &c.name;
    let (values, rebuilt): (Vec<String>, String) = match engine {
        Engine::Postgres => {
            if !c.ty.starts_with("character varying") {
                return None;
            }
            let inner = expression
                .strip_prefix(&format!("({n})::text = ANY ((ARRAY["))?
                .strip_suffix("])::text[])")?;
            let values: Vec<String> = inner
                .split(", ")
                .map(|v| {
                    v.strip_prefix('\'')
                        .and_then(|v| v.strip_suffix("'::character varying"))
                        .map(str::to_string)
                })
                .collect::<Option<_>>()?;
            let list: Vec<String> = values
                .iter()
                .map(|v| format!("'{v}'::character varying"))
                .collect();
            let rebuilt = format!("({n})::text = ANY ((ARRAY[{}])::text[])", list.join(", "));
            (values, rebuilt)
        }
        Engine::Sqlite => {
            if c.ty != "varchar" {
                return None;
            }
            let inner = expression
                .strip_prefix(&format!("{n} IN ("))?
                .strip_suffix(')')?;
            let values: Vec<String> = inner
                .split(", ")
                .map(|v| {
                    v.strip_prefix('\'')
                        .and_then(|v| v.strip_suffix('\''))
                        .map(str::to_string)
                })
                .collect::<Option<_>>()?;
            let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            (values.clone(), format!("{n} IN ({})", list.join(", ")))
        }
        Engine::Mysql => return None,
    };
    let plain = values
        .iter()
        .all(|v| !v.is_empty() && !v.contains(['\'', '\\', ',']));
    (plain && rebuilt == expression && !values.is_empty()).then_some(values)
}

/// `CHECK ("col" IN (…))`, as Laravel's PostgreSQL grammar spells enum(): the server stores
/// it as the inspector reported it, which keel's deparsed form does not round-trip to.
fn pg_in_check(table: &str, check: &str, column: &str, values: &[String]) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IN ({}))",
        q(table),
        q(check),
        q(column),
        list.join(", ")
    )
}

/// Whether Laravel's `useCurrent()` on a column of type `ty` gives `CURRENT_TIMESTAMP` with
/// this precision: MySQL repeats the column's precision, the others write none.
fn now_fits(engine: Engine, ty: &str, precision: Option<u8>) -> bool {
    match (engine, precision) {
        (_, None) => !(engine == Engine::Mysql && ty.contains('(')),
        (Engine::Mysql, Some(p)) => ty.ends_with(&format!("({p})")),
        _ => false,
    }
}

/// The arguments of `base(a, b)`; empty for a bare `base`.
fn type_args(ty: &str, base: &str) -> Option<Vec<String>> {
    let rest = ty.strip_prefix(base)?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|a| a.trim().to_string()).collect())
}

/// `type('name', args)` for a column type as the inspector reports it.
fn type_call(engine: Engine, ty: &str, n: &str) -> Option<String> {
    let args = |base: &str| type_args(ty, base);
    let simple = |call: &str| Some(format!("{call}({n})"));
    match engine {
        Engine::Sqlite => match ty {
            "integer" => simple("integer"),
            "varchar" => simple("string"),
            "text" => simple("text"),
            "datetime" => simple("dateTime"),
            "date" => simple("date"),
            "time" => simple("time"),
            "numeric" => simple("decimal"),
            "double" => simple("double"),
            "float" => simple("float"),
            "tinyint(1)" => simple("boolean"),
            _ => None,
        },
        Engine::Postgres => match ty {
            "bigint" => simple("bigInteger"),
            "integer" => simple("integer"),
            "smallint" => simple("smallInteger"),
            "text" => simple("text"),
            "boolean" => simple("boolean"),
            "json" => simple("json"),
            "jsonb" => simple("jsonb"),
            "uuid" => simple("uuid"),
            "date" => simple("date"),
            "double precision" => simple("double"),
            "time(0) without time zone" => simple("time"),
            "time(0) with time zone" => simple("timeTz"),
            "timestamp(0) without time zone" => simple("timestamp"),
            "timestamp(0) with time zone" => simple("timestampTz"),
            "inet" => simple("ipAddress"),
            "macaddr" => simple("macAddress"),
            _ => {
                for (base, zone, call) in [
                    ("timestamp", " without time zone", "timestamp"),
                    ("timestamp", " with time zone", "timestampTz"),
                    ("time", " without time zone", "time"),
                    ("time", " with time zone", "timeTz"),
                ] {
                    if let Some(p) = ty.strip_suffix(zone).and_then(|t| type_args(t, base)) {
                        if p.len() == 1 {
                            return Some(format!("{call}({n}, {})", p[0]));
                        }
                    }
                }
                if let Some(a) = args("character varying").filter(|a| a.len() == 1) {
                    return Some(format!("string({n}, {})", a[0]));
                }
                if let Some(a) = args("character").filter(|a| a.len() == 1) {
                    return Some(format!("char({n}, {})", a[0]));
                }
                if let Some(a) = args("numeric").filter(|a| a.len() == 2) {
                    return Some(format!("decimal({n}, {}, {})", a[0], a[1]));
                }
                None
            }
        },
        Engine::Mysql => match ty {
            "bigint" => simple("bigInteger"),
            "bigint unsigned" => simple("unsignedBigInteger"),
            "int" => simple("integer"),
            "int unsigned" => simple("unsignedInteger"),
            "mediumint" => simple("mediumInteger"),
            "mediumint unsigned" => simple("unsignedMediumInteger"),
            "smallint" => simple("smallInteger"),
            "smallint unsigned" => simple("unsignedSmallInteger"),
            "tinyint(1)" => simple("boolean"),
            "tinyint" => simple("tinyInteger"),
            "tinyint unsigned" => simple("unsignedTinyInteger"),
            "text" => simple("text"),
            "mediumtext" => simple("mediumText"),
            "longtext" => simple("longText"),
            "json" => simple("json"),
            "date" => simple("date"),
            "time" => simple("time"),
            "datetime" => simple("dateTime"),
            "timestamp" => simple("timestamp"),
            "double" => simple("double"),
            "year" => simple("year"),
            "tinytext" => simple("tinyText"),
            "char(36)" => simple("uuid"),
            _ => {
                if let Some(a) = args("varchar").filter(|a| a.len() == 1) {
                    return Some(format!("string({n}, {})", a[0]));
                }
                if let Some(a) = args("char").filter(|a| a.len() == 1) {
                    return Some(format!("char({n}, {})", a[0]));
                }
                if let Some(a) = args("decimal").filter(|a| a.len() == 2) {
                    return Some(format!("decimal({n}, {}, {})", a[0], a[1]));
                }
                for (base, call) in [
                    ("timestamp", "timestamp"),
                    ("datetime", "dateTime"),
                    ("time", "time"),
                ] {
                    if let Some(p) = args(base).filter(|a| a.len() == 1) {
                        return Some(format!("{call}({n}, {})", p[0]));
                    }
                }
                if let Some(a) = args("enum") {
                    if a.iter().all(|v| {
                        v.len() >= 2
                            && v.starts_with('\'')
                            && v.ends_with('\'')
                            && !v[1..v.len() - 1].contains(['\'', '\\'])
                    }) {
                        return Some(format!("enum({n}, [{}])", a.join(", ")));
                    }
                }
                None
            }
        },
    }
}

/// A single-quoted PHP string: only `\` and `'` need escaping.
fn php_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Op;
    use keel_model::{Check, PrimaryKey};

    fn posts(engine: &str) -> Snapshot {
        let mut s = Snapshot::new(engine, "1");
        let mut t = Table::default();
        let mut id = Column::new("id", "bigint");
        id.identity = Some(Identity::Serial {
            sequence: "posts_id_seq".into(),
        });
        t.columns.push(id);
        let mut title = Column::new("title", "character varying(200)");
        title.default = Some(DefaultValue::Literal {
            value: "it's".into(),
        });
        t.columns.push(title);
        t.primary_key = Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        });
        s.schema_mut("public").tables.insert("posts".into(), t);
        s
    }

    fn read(php: &str) -> crate::ir::MigrationIr {
        let ir = crate::php::read_migration(std::path::Path::new("m.php"), php).unwrap();
        assert!(ir.opaque.is_empty() && ir.down_opaque.is_empty(), "{php}");
        ir
    }

    #[test]
    fn a_created_table_is_schema_builder_php_that_keel_reads_back() {
        let before = Snapshot::new("postgres", "1");
        let php = migration(
            &before,
            &posts("postgres"),
            &keel_plan::dialect::Postgres,
            &["Written by a test.".into()],
        )
        .unwrap();
        assert!(php.starts_with("<?php\n\n// Written by a test.\n"), "{php}");
        assert!(php.contains("$table->id();"), "{php}");
        assert!(
            php.contains("$table->string('title', 200)->default('it\\'s');"),
            "{php}"
        );
        let ir = read(&php);
        assert!(matches!(&ir.up[0].item, Op::Create(bp) if bp.table == "posts"));
        assert!(
            matches!(&ir.down.as_ref().unwrap()[0].item, Op::DropIfExists(t) if t == "posts"),
            "down() is its own diff: {php}"
        );
        assert!(!php.contains("DB::statement"), "{php}");
    }

    #[test]
    fn what_the_builder_cannot_say_is_a_db_statement_never_dropped() {
        let before = posts("postgres");
        let mut after = before.clone();
        after
            .schema_mut("public")
            .tables
            .get_mut("posts")
            .unwrap()
            .checks
            .insert(
                "posts_title_not_empty".into(),
                Check {
                    expression: "length(title) > 0".into(),
                    not_enforced: false,
                    no_inherit: false,
                    auto_named: false,
                },
            );
        let php = migration(&before, &after, &keel_plan::dialect::Postgres, &[]).unwrap();
        let ir = read(&php);
        let statements: Vec<&str> = ir
            .up
            .iter()
            .filter_map(|op| match &op.item {
                Op::Statement(sql) => Some(sql.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(statements.len(), 1, "{php}");
        assert!(statements[0].contains("posts_title_not_empty"), "{php}");
        assert!(statements[0].contains("length(title) > 0"), "{php}");
    }
}
