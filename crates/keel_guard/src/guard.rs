//! The guard around one batch: before, after, and the verdict.

use std::collections::BTreeMap;

use keel_driver::{Connection, InspectOptions};
use keel_model::Snapshot;
use serde::Serialize;

use crate::fingerprint::{digests, stored_columns};
use crate::{
    affected, fingerprint, sql_for, Digest, Fingerprint, GuardError, GuardSql, Scope, TableRef,
};

/// One script of the batch: which migration it belongs to, its SQL, and the losses it
/// declares with `-- keel:allows-loss`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchScript {
    /// `<id>_<name>`, for messages.
    pub migration: String,
    /// The SQL that will run.
    pub text: String,
    /// `table` or `table.column` entries (`schema.table.column` outside the default schema).
    pub allows_loss: Vec<String>,
}

impl BatchScript {
    /// A script with no allowances.
    pub fn new(migration: &str, text: &str) -> Self {
        Self {
            migration: migration.to_string(),
            text: text.to_string(),
            allows_loss: Vec::new(),
        }
    }
}

/// What disappeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// The table is gone.
    TableDropped,
    /// The column is gone.
    ColumnDropped,
    /// The column has fewer non-NULL values (rows deleted, values set to NULL).
    ValuesRemoved,
    /// Rows are gone that held no values in any column.
    RowsRemoved,
}

impl LossKind {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            LossKind::TableDropped => "table dropped",
            LossKind::ColumnDropped => "column dropped",
            LossKind::ValuesRemoved => "values removed",
            LossKind::RowsRemoved => "rows removed",
        }
    }
}

/// Values that disappeared and did not provably move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loss {
    /// The table.
    pub table: String,
    /// The column; `None` for rows that held no values.
    pub column: Option<String>,
    /// Non-NULL values (rows, for a column-less loss) before the batch.
    pub before: u64,
    /// … and after.
    pub after: u64,
    /// What happened.
    pub kind: LossKind,
    /// The migration whose `allows-loss` directive covers it, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_by: Option<String>,
}

/// Values that left one column and arrived, all of them and unchanged, in a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Where they were: `table`.
    pub from_table: String,
    /// … `column`.
    pub from_column: String,
    /// Where they are now: `table`.
    pub to_table: String,
    /// … `column`.
    pub to_column: String,
    /// How many non-NULL values moved.
    pub values: u64,
    /// The content digests are equal (always true: a move is only reported when proven).
    pub content_equal: bool,
}

/// Computes before-digests the pre-batch backup left in its artifact (columns whose
/// [`crate::ColumnPrint::from_artifact`] is set). The guard asks only when a move must be
/// proven: a column lost values and a new column holds as many.
pub trait BackupDigests {
    /// The content digests of `columns` of `table` as the backup holds them. A column left
    /// out of the answer could not be computed; `Err` says why none could (for the report).
    fn digests(
        &mut self,
        table: &TableRef,
        columns: &[String],
    ) -> Result<BTreeMap<String, Digest>, String>;
}

/// The content digests of `columns` of `table` as backup `entry` holds them, read back from
/// its artifact by `engine`: what a [`BackupDigests`] answers when the backup is at hand. A
/// column the engine could not digest is left out.
pub fn digests_in_backup(
    store: &keel_backup::BackupStore,
    entry: &keel_backup::Entry,
    engine: &dyn keel_backup::BackupEngine,
    identity: Option<&keel_backup::AgeIdentity>,
    table: &TableRef,
    columns: &[String],
) -> Result<BTreeMap<String, Digest>, keel_backup::BackupError> {
    let wanted: Vec<(String, String, String)> = columns
        .iter()
        .map(|c| (table.schema.clone(), table.name.clone(), c.clone()))
        .collect();
    Ok(store
        .column_digests(entry, engine, identity, &wanted)?
        .into_iter()
        .filter(|t| t.schema == table.schema && t.table == table.name)
        .flat_map(|t| t.columns)
        .filter_map(|c| Some((c.name, Digest(c.digest?))))
        .collect())
}

/// The guard's finding for one batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Data loss not covered by a directive.
    pub losses: Vec<Loss>,
    /// Data loss a migration declared with `-- keel:allows-loss`.
    pub allowed: Vec<Loss>,
    /// Values that provably moved.
    pub moves: Vec<Move>,
    /// How many tables were read after the batch.
    pub tables_read: usize,
    /// Whether the scope was every table (the batch's reach could not be bounded).
    pub read_all: bool,
    /// Tables that lost rows (besides the values in `losses`), e.g. through a cascade.
    pub rows_removed: Vec<RowsRemoved>,
    /// Why a possible move could not be checked (its column stays a loss), e.g. the backup
    /// is encrypted and no identity was at hand to read its digests.
    pub unproven: Vec<String>,
}

/// Rows gone from a table that is still there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowsRemoved {
    /// `schema.table` or `table`.
    pub table: String,
    /// Rows before the batch.
    pub before: u64,
    /// Rows after it.
    pub after: u64,
}

impl Verdict {
    /// No unallowed loss.
    pub fn is_clean(&self) -> bool {
        self.losses.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Allowance {
    Table(TableRef),
    Column(TableRef, String),
}

/// The guard for one batch; see the crate docs for the order of calls.
#[derive(Debug)]
pub struct Guard {
    sql: &'static dyn GuardSql,
    options: InspectOptions,
    schema: Snapshot,
    scope: Scope,
    allowances: Vec<(Allowance, String)>,
    before: Fingerprint,
    from_backup: usize,
}

impl Guard {
    /// Reads the schema before the batch, checks every `allows-loss` entry against it (an
    /// entry naming a table or column that does not exist is an error: nothing has run yet),
    /// and bounds the tables the batch can change. `options` says which tables to leave out
    /// (history tables); its `protect` list is ignored.
    pub fn plan(
        conn: &mut dyn Connection,
        options: &InspectOptions,
        batch: &[BatchScript],
    ) -> Result<Guard, GuardError> {
        let options = InspectOptions {
            exclude: options.exclude.clone(),
            protect: Vec::new(),
        };
        let schema = conn.inspect(&options).map_err(GuardError::Inspect)?;
        let mut allowances = Vec::new();
        for script in batch {
            for entry in &script.allows_loss {
                let allowance = resolve_allowance(&schema, entry).map_err(|reason| {
                    GuardError::UnknownAllowance {
                        migration: script.migration.clone(),
                        entry: entry.clone(),
                        reason,
                    }
                })?;
                allowances.push((allowance, script.migration.clone()));
            }
        }
        let texts: Vec<&str> = batch.iter().map(|s| s.text.as_str()).collect();
        let scope = affected(&schema, conn.server().dialect, &texts);
        Ok(Guard {
            sql: sql_for(conn.server().dialect),
            options,
            schema,
            scope,
            allowances,
            before: Fingerprint::default(),
            from_backup: 0,
        })
    }

    /// Widens the scope to every table: for a batch whose SQL keel cannot see (another
    /// tool's migrate command run by `keel run`). Call before [`Guard::measure`].
    pub fn read_everything(&mut self) {
        self.scope = Scope::All;
    }

    /// The tables the batch can change.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The `(schema, table)` pairs the pre-batch backup should count for
    /// [`Guard::measure_from`]; `None` when the scope is every table.
    pub fn tables_to_count(&self) -> Option<std::collections::BTreeSet<(String, String)>> {
        match self.scope {
            Scope::All => None,
            Scope::Tables(_) => Some(
                self.scope
                    .tables_in(&self.schema)
                    .into_iter()
                    .map(|t| (t.schema, t.name))
                    .collect(),
            ),
        }
    }

    /// Takes the before fingerprint of the tables in scope, with content digests (they prove
    /// moves later). Call right before the batch runs.
    pub fn measure(&mut self, conn: &mut dyn Connection) -> Result<(), GuardError> {
        let tables = self.scope.tables_in(&self.schema);
        self.before = fingerprint(conn, self.sql, &self.schema, &tables, true)?;
        Ok(())
    }

    /// Takes the before fingerprint of the tables in scope from `streamed`, the numbers the
    /// pre-batch backup counted as its rows streamed ([`Fingerprint::from_backup`]), so the
    /// tables are not read again. A table the backup did not count (or counted with other
    /// columns than the schema has) is read as [`Guard::measure`] reads it; a column whose
    /// digest the backup could not compute gets it from one digest query over such columns.
    /// Call right after the backup, before the batch.
    pub fn measure_from(
        &mut self,
        conn: &mut dyn Connection,
        streamed: &Fingerprint,
    ) -> Result<(), GuardError> {
        let tables = self.scope.tables_in(&self.schema);
        let mut unread = std::collections::BTreeSet::new();
        self.before = Fingerprint::default();
        self.from_backup = 0;
        for t in tables {
            let Some(columns) = stored_columns(&self.schema, &t) else {
                continue;
            };
            let Some(counted) = streamed
                .tables
                .get(&t)
                .filter(|p| columns.iter().all(|c| p.columns.contains_key(c)))
            else {
                unread.insert(t);
                continue;
            };
            // Digests the backup left in its artifact are computed only if a verdict needs
            // them; the rest (types the stream cannot reproduce) are read now.
            let undigested: Vec<String> = columns
                .iter()
                .filter(|c| {
                    let col = &counted.columns[*c];
                    col.digest.is_none() && !col.from_artifact
                })
                .cloned()
                .collect();
            let mut read = digests(conn, self.sql, &t, &undigested)?;
            let mut print = crate::TablePrint {
                rows: counted.rows,
                columns: BTreeMap::new(),
            };
            for c in columns {
                let col = &counted.columns[&c];
                let digest = col.digest.clone().or_else(|| read.remove(&c));
                print.columns.insert(
                    c,
                    crate::ColumnPrint {
                        values: col.values,
                        from_artifact: digest.is_none() && col.from_artifact,
                        digest,
                    },
                );
            }
            self.before.tables.insert(t, print);
            self.from_backup += 1;
        }
        let read = fingerprint(conn, self.sql, &self.schema, &unread, true)?;
        self.before.tables.extend(read.tables);
        Ok(())
    }

    /// How many tables of the before fingerprint came from the backup's stream rather than
    /// a read of their own.
    pub fn tables_from_backup(&self) -> usize {
        self.from_backup
    }

    /// The before fingerprint.
    pub fn before(&self) -> &Fingerprint {
        &self.before
    }

    /// Reads the tables in scope (and every table the batch created) after the batch, and
    /// compares. Content digests are read only for columns that could prove a move. A
    /// before-digest left in the backup's artifact cannot be had here, so such a column
    /// stays a loss; see [`Guard::verdict_with`].
    pub fn verdict(&self, conn: &mut dyn Connection) -> Result<Verdict, GuardError> {
        self.verdict_with(conn, None)
    }

    /// [`Guard::verdict`], computing the before-digests [`Guard::measure_from`] left in the
    /// pre-batch backup's artifact through `backup`, for the columns that could prove a move.
    pub fn verdict_with(
        &self,
        conn: &mut dyn Connection,
        mut backup: Option<&mut dyn BackupDigests>,
    ) -> Result<Verdict, GuardError> {
        let after_schema = conn.inspect(&self.options).map_err(GuardError::Inspect)?;
        let before_tables = TableRef::all_in(&self.schema);
        let mut read = self.scope.tables_in(&after_schema);
        read.extend(
            TableRef::all_in(&after_schema)
                .into_iter()
                .filter(|t| !before_tables.contains(t)),
        );
        let after = fingerprint(conn, self.sql, &after_schema, &read, false)?;

        // Columns that did not exist before: the only places values can provably move to.
        let mut fresh: Vec<(TableRef, String, u64)> = Vec::new();
        for (t, print) in &after.tables {
            let old = stored_columns(&self.schema, t).unwrap_or_default();
            for (c, col) in &print.columns {
                if !old.contains(c) && col.values > 0 {
                    fresh.push((t.clone(), c.clone(), col.values));
                }
            }
        }

        let mut verdict = Verdict {
            tables_read: read.len(),
            read_all: self.scope == Scope::All,
            ..Verdict::default()
        };
        let mut digest_cache: BTreeMap<(TableRef, String), Digest> = BTreeMap::new();
        for (t, before) in &self.before.tables {
            let after_table = after.tables.get(t);
            let mut column_losses = 0;
            for (c, col) in &before.columns {
                let after_col = after_table.and_then(|a| a.columns.get(c));
                let now = after_col.map_or(0, |a| a.values);
                if now >= col.values {
                    continue;
                }
                column_losses += 1;
                let kind = match (after_table, after_col) {
                    (None, _) => LossKind::TableDropped,
                    (Some(_), None) => LossKind::ColumnDropped,
                    (Some(_), Some(_)) => LossKind::ValuesRemoved,
                };
                let lost = col.values - now;
                let has_candidate = fresh.iter().any(|(_, _, n)| *n == lost);
                let mut before_digest = col.digest.clone();
                if before_digest.is_none() && col.from_artifact && has_candidate {
                    let why = match backup.as_deref_mut() {
                        None => Some("no backup was at hand to read it from".to_string()),
                        Some(b) => match b.digests(t, std::slice::from_ref(c)) {
                            Ok(mut got) => {
                                before_digest = got.remove(c);
                                before_digest
                                    .is_none()
                                    .then(|| "the backup could not compute it".to_string())
                            }
                            Err(e) => Some(e),
                        },
                    };
                    if let Some(why) = why {
                        verdict.unproven.push(format!(
                            "{t}.{c}: whether its values moved needs their digest from the backup taken before the batch, and {why}"
                        ));
                    }
                }
                let moved = self.find_move(
                    conn,
                    t,
                    c,
                    before_digest.as_ref(),
                    after_col.is_some(),
                    lost,
                    &fresh,
                    &mut digest_cache,
                )?;
                if let Some((to_table, to_column)) = moved {
                    verdict.moves.push(Move {
                        from_table: t.to_string(),
                        from_column: c.clone(),
                        to_table: to_table.to_string(),
                        to_column,
                        values: lost,
                        content_equal: true,
                    });
                    continue;
                }
                self.record(
                    &mut verdict,
                    t,
                    Loss {
                        table: t.to_string(),
                        column: Some(c.clone()),
                        before: col.values,
                        after: now,
                        kind,
                        allowed_by: None,
                    },
                );
            }
            let rows_now = after_table.map_or(0, |a| a.rows);
            // Rows deleted from a table that is still there, whose values did not move, are
            // also counted as rows (`books: 3 rows → 0`): a cascade reads that way.
            let unmoved = verdict
                .losses
                .iter()
                .chain(&verdict.allowed)
                .any(|l| l.table == t.to_string() && l.kind == LossKind::ValuesRemoved);
            if after_table.is_some() && rows_now < before.rows && unmoved {
                verdict.rows_removed.push(RowsRemoved {
                    table: t.to_string(),
                    before: before.rows,
                    after: rows_now,
                });
            }
            if column_losses == 0 && rows_now < before.rows {
                self.record(
                    &mut verdict,
                    t,
                    Loss {
                        table: t.to_string(),
                        column: None,
                        before: before.rows,
                        after: rows_now,
                        kind: if after_table.is_none() {
                            LossKind::TableDropped
                        } else {
                            LossKind::RowsRemoved
                        },
                        allowed_by: None,
                    },
                );
            }
        }
        Ok(verdict)
    }

    fn record(&self, verdict: &mut Verdict, table: &TableRef, mut loss: Loss) {
        let allowed = self.allowances.iter().find(|(a, _)| match a {
            Allowance::Table(t) => t == table,
            Allowance::Column(t, c) => t == table && Some(c) == loss.column.as_ref(),
        });
        match allowed {
            Some((_, migration)) => {
                loss.allowed_by = Some(migration.clone());
                verdict.allowed.push(loss);
            }
            None => verdict.losses.push(loss),
        }
    }

    /// A new column holding exactly the values `table.column` lost, if there is one.
    #[expect(clippy::too_many_arguments, reason = "one private step of `verdict`")]
    fn find_move(
        &self,
        conn: &mut dyn Connection,
        table: &TableRef,
        column: &str,
        before: Option<&Digest>,
        still_there: bool,
        lost: u64,
        fresh: &[(TableRef, String, u64)],
        cache: &mut BTreeMap<(TableRef, String), Digest>,
    ) -> Result<Option<(TableRef, String)>, GuardError> {
        let Some(before) = before else {
            return Ok(None);
        };
        let candidates: Vec<&(TableRef, String, u64)> =
            fresh.iter().filter(|(_, _, n)| *n == lost).collect();
        if candidates.is_empty() {
            return Ok(None);
        }
        let remaining = if still_there {
            self.digest_of(conn, table, column, cache)?
        } else {
            before.empty_like()
        };
        let Some(removed) = before.minus(&remaining) else {
            return Ok(None);
        };
        for (t, c, _) in candidates {
            if self.digest_of(conn, t, c, cache)? == removed {
                return Ok(Some((t.clone(), c.clone())));
            }
        }
        Ok(None)
    }

    fn digest_of(
        &self,
        conn: &mut dyn Connection,
        table: &TableRef,
        column: &str,
        cache: &mut BTreeMap<(TableRef, String), Digest>,
    ) -> Result<Digest, GuardError> {
        let key = (table.clone(), column.to_string());
        if let Some(d) = cache.get(&key) {
            return Ok(d.clone());
        }
        let mut got = digests(conn, self.sql, table, &[column.to_string()])?;
        let d = got.remove(column).unwrap_or_default();
        cache.insert(key, d.clone());
        Ok(d)
    }
}

/// `table`, `table.column` or `schema.table.column` (also `schema.table`), checked against the
/// schema before the batch.
fn resolve_allowance(schema: &Snapshot, entry: &str) -> Result<Allowance, String> {
    let tables = TableRef::all_in(schema);
    let find = |schema_name: Option<&str>, table: &str| -> Option<TableRef> {
        tables
            .iter()
            .find(|t| {
                t.name == table && schema_name.map_or(t.in_default_schema(), |s| t.schema == s)
            })
            .cloned()
    };
    let with_column = |t: TableRef, column: &str| -> Result<Allowance, String> {
        let columns = stored_columns(schema, &t).unwrap_or_default();
        if columns.iter().any(|c| c == column) {
            Ok(Allowance::Column(t, column.to_string()))
        } else {
            Err(format!(
                "names column {column}, which {t} does not have before this batch (it has {})",
                columns.join(", ")
            ))
        }
    };
    let parts: Vec<&str> = entry.split('.').collect();
    match parts.as_slice() {
        [table] => find(None, table)
            .map(Allowance::Table)
            .ok_or_else(|| format!("names table {table}, which does not exist before this batch")),
        [a, b] => match find(None, a) {
            Some(t) => with_column(t, b),
            None => find(Some(a), b)
                .map(Allowance::Table)
                .ok_or_else(|| format!("names table {a}, which does not exist before this batch")),
        },
        [s, t, c] => match find(Some(s), t) {
            Some(t) => with_column(t, c),
            None => Err(format!(
                "names table {s}.{t}, which does not exist before this batch"
            )),
        },
        _ => Err("is not `table` or `table.column`".into()),
    }
}
