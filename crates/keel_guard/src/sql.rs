//! How each engine spells what the guard asks: quoting, and a column's content digest.

use keel_driver::Dialect;

use crate::TableRef;

/// The engine-specific SQL the guard needs. Everything else (which tables to read, how to
/// compare) is written once above it.
///
/// Contract for [`GuardSql::digest`]: the expressions are aggregates over one column that
/// together return non-negative integers (as numbers, decimal text, or decimal text joined by
/// `:`); each integer is a *sum* over the column's non-NULL values of a per-value hash slice,
/// so the result does not depend on row order, duplicates count, and the digest of removed
/// values is the difference of two digests. An empty column gives zeros.
pub trait GuardSql: Sync {
    /// Quotes an identifier. Default: ANSI double quotes.
    fn quote(&self, ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }

    /// The table as the `FROM` clause names it. Default: unqualified (one schema per database).
    fn table(&self, table: &TableRef) -> String {
        self.quote(&table.name)
    }

    /// Aggregate expressions giving the content digest of `column` (already quoted).
    fn digest(&self, column: &str) -> Vec<String>;
}

impl std::fmt::Debug for dyn GuardSql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GuardSql")
    }
}

/// SQLite: the driver registers the `keel_digest` aggregate on every connection.
struct Sqlite;

impl GuardSql for Sqlite {
    fn digest(&self, column: &str) -> Vec<String> {
        vec![format!("keel_digest({column})")]
    }
}

/// PostgreSQL: two 60-bit slices of the SHA-256 of `value::text` in UTF-8, summed as
/// `numeric`. SHA-256 rather than MD5: the backup computes the same digest as it streams,
/// and SHA-256 is the cheaper of the two there (CPU instructions).
struct Postgres;

impl GuardSql for Postgres {
    fn table(&self, table: &TableRef) -> String {
        format!("{}.{}", self.quote(&table.schema), self.quote(&table.name))
    }

    fn digest(&self, column: &str) -> Vec<String> {
        [1, 16]
            .iter()
            .map(|start| {
                format!(
                    "coalesce(sum(('x' || substr(encode(sha256(convert_to({column}::text, 'UTF8')), 'hex'), {start}, 15))::bit(60)::bigint), 0)::text"
                )
            })
            .collect()
    }
}

/// MySQL/MariaDB: two 60-bit slices of `SHA2(value, 256)`, summed as `DECIMAL` (SHA-256 for
/// the same reason as PostgreSQL's).
struct Mysql;

impl GuardSql for Mysql {
    fn quote(&self, ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }

    fn digest(&self, column: &str) -> Vec<String> {
        [1, 16]
            .iter()
            .map(|start| {
                format!(
                    "CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(SHA2({column}, 256), {start}, 15), 16, 10) AS UNSIGNED)), 0) AS CHAR)"
                )
            })
            .collect()
    }
}

static SQLITE: Sqlite = Sqlite;
static POSTGRES: Postgres = Postgres;
static MYSQL: Mysql = Mysql;

/// The guard's SQL for `dialect`: the one place that names engines.
pub fn sql_for(dialect: Dialect) -> &'static dyn GuardSql {
    match dialect {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
        Dialect::Mysql => &MYSQL,
    }
}
