use std::borrow::Cow;
use std::time::Duration;

use keel_driver::{
    redact, Bound, Connection, DbUrl, Dialect, Driver, DriverError, Flavor, InspectOptions, Row,
    ServerInfo, Step, Stopwatch, Value, Version,
};
use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};
use sha2::{Digest, Sha256};

/// Opens MySQL and MariaDB databases from `mysql://` (or `mariadb://`) URLs.
#[derive(Debug, Default, Clone, Copy)]
pub struct MysqlDriver;

impl Driver for MysqlDriver {
    fn schemes(&self) -> &'static [&'static str] {
        &["mysql"]
    }

    fn connect(&self, url: &DbUrl) -> Result<Box<dyn Connection>, DriverError> {
        MysqlConnection::open(url).map(|c| Box::new(c) as Box<dyn Connection>)
    }
}

/// A connection to one MySQL or MariaDB schema.
pub struct MysqlConnection {
    conn: Conn,
    url: DbUrl,
    server: ServerInfo,
    database: String,
    secret: Option<String>,
}

impl MysqlConnection {
    /// Connects with a 10-second connect timeout. The URL must name a database.
    pub fn open(url: &DbUrl) -> Result<Self, DriverError> {
        let secret = url.password();
        let connect_err = |message: String| DriverError::Connect {
            url: url.to_string(),
            message: redact(&message, secret.as_deref()),
        };
        let raw = url.expose();
        let normalized = match raw.split_once("://") {
            Some((_, rest)) => format!("mysql://{rest}"),
            None => raw.to_string(),
        };
        let opts = Opts::from_url(&normalized).map_err(|e| connect_err(e.to_string()))?;
        let database = opts.get_db_name().map(str::to_string).ok_or_else(|| {
            connect_err("the URL names no database; add it as mysql://USER@HOST/DATABASE".into())
        })?;
        let opts = OptsBuilder::from_opts(opts)
            .tcp_connect_timeout(Some(Duration::from_secs(10)))
            .prefer_socket(false);
        let conn = Conn::new(opts).map_err(|e| connect_err(e.to_string()))?;
        let mut this = Self {
            conn,
            url: url.clone(),
            server: ServerInfo {
                dialect: Dialect::Mysql,
                flavor: Flavor::Mysql,
                version: Version::default(),
                version_string: String::new(),
            },
            database,
            secret,
        };
        let version_string = this
            .query("SELECT VERSION()", &[])?
            .first()
            .and_then(|r| r.first())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        this.server.flavor = if version_string.to_ascii_lowercase().contains("mariadb") {
            Flavor::Mariadb
        } else {
            Flavor::Mysql
        };
        this.server.version = Version::parse_leading(&version_string);
        this.server.version_string = version_string;
        Ok(this)
    }

    /// The underlying connection, for engine-specific work (dumps, introspection).
    pub fn raw(&mut self) -> &mut Conn {
        &mut self.conn
    }

    fn map_err(&self, e: mysql::Error) -> DriverError {
        map_err(self.secret.as_deref(), e)
    }

    /// Runs the statements of `batch` and says which failed (counting from 0), by counting
    /// the results that came back before the error.
    fn run_batch(&mut self, batch: &str) -> Result<(), (usize, DriverError)> {
        let secret = self.secret.clone();
        let mut result = self
            .conn
            .query_iter(batch)
            .map_err(|e| (0, map_err(secret.as_deref(), e)))?;
        let mut index = 0;
        while let Some(set) = result.iter() {
            for row in set {
                row.map_err(|e| (index, map_err(secret.as_deref(), e)))?;
            }
            index += 1;
        }
        Ok(())
    }

    /// MySQL limits lock names to 64 characters; long database names are hashed.
    fn lock_name(&self, key: &str) -> String {
        let name = format!("{key}:{}", self.database);
        if name.len() <= 64 {
            name
        } else {
            format!(
                "{key}:{}",
                &hex::encode(Sha256::digest(name.as_bytes()))[..40]
            )
        }
    }
}

/// Whether a statement answers a multi-statement with exactly one result, so that results
/// after it can still be counted. Statements that may answer several times (`CALL`, compound
/// `BEGIN … END` blocks, `EXECUTE`) are not on this list.
fn answers_once(sql: &str) -> bool {
    const ONCE: &[&str] = &[
        "ALTER", "COMMENT", "CREATE", "DELETE", "DROP", "GRANT", "INSERT", "RENAME", "REPLACE",
        "REVOKE", "SELECT", "SET", "TRUNCATE", "UPDATE", "WITH",
    ];
    let word: String = sql
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    ONCE.iter().any(|k| k.eq_ignore_ascii_case(&word))
}

fn map_err(secret: Option<&str>, e: mysql::Error) -> DriverError {
    match e {
        mysql::Error::MySqlError(err) => DriverError::Query {
            message: redact(&err.message, secret),
            code: Some(err.code.to_string()),
            position: None,
        },
        other => DriverError::query(other.to_string(), secret),
    }
}

/// MySQL locates syntax errors as "… at line N" of the statement; turn that into the
/// character offset of line N so the migrator can point at the right line of the file.
fn with_line_position(err: DriverError, sql: &str) -> DriverError {
    let DriverError::Query {
        message,
        code,
        position: None,
    } = err
    else {
        return err;
    };
    let line = message
        .rsplit_once("at line ")
        .and_then(|(_, n)| n.trim().parse::<usize>().ok());
    let position = line.and_then(|line| {
        if line <= 1 {
            return Some(0);
        }
        sql.char_indices()
            .filter(|(_, c)| *c == '\n')
            .nth(line - 2)
            .map(|(byte, _)| sql[..=byte].chars().count())
    });
    DriverError::Query {
        message,
        code,
        position,
    }
}

/// A statement this large goes without bookkeeping riding along: together they must stay below
/// the server's `max_allowed_packet` (16 MiB and more by default), so batching never makes a
/// migration fail that would have run statement by statement.
const BATCH_LIMIT: usize = 1 << 20;

/// Writes a bookkeeping statement with its values as literals, for a multi-statement batch.
fn inline_params(bound: &Bound) -> Result<String, DriverError> {
    let mut out = String::with_capacity(bound.sql.len() + 64);
    let mut values = bound.params.iter();
    let mut quote: Option<char> = None;
    for c in bound.sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
            None if c == '?' => {
                let value = values.next().ok_or_else(|| {
                    DriverError::query(
                        format!("keel bug: too few values for `{}`", bound.sql),
                        None,
                    )
                })?;
                out.push_str(&literal(value));
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    Ok(out)
}

/// A MySQL literal for `value`. Text goes as hex with a character-set introducer, which reads
/// the same whatever `sql_mode` (`NO_BACKSLASH_ESCAPES`, `ANSI_QUOTES`) the session has.
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_finite() => format!("{f:e}"),
        Value::Float(_) => "NULL".into(),
        Value::Text(t) => format!("_utf8mb4 X'{}'", hex::encode(t.as_bytes())),
        Value::Bytes(b) => format!("X'{}'", hex::encode(b)),
    }
}

fn to_mysql(v: &Value) -> mysql::Value {
    match v {
        Value::Null => mysql::Value::NULL,
        Value::Int(i) => mysql::Value::Int(*i),
        Value::Float(f) => mysql::Value::Double(*f),
        Value::Text(s) => mysql::Value::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => mysql::Value::Bytes(b.clone()),
    }
}

fn from_mysql(v: mysql::Value) -> Value {
    match v {
        mysql::Value::NULL => Value::Null,
        mysql::Value::Int(i) => Value::Int(i),
        mysql::Value::UInt(u) => i64::try_from(u).map_or(Value::Text(u.to_string()), Value::Int),
        mysql::Value::Float(f) => Value::Float(f.into()),
        mysql::Value::Double(f) => Value::Float(f),
        mysql::Value::Bytes(b) => match String::from_utf8(b) {
            Ok(s) => Value::Text(s),
            Err(e) => Value::Bytes(e.into_bytes()),
        },
        other => Value::Text(other.as_sql(true).trim_matches('\'').to_string()),
    }
}

impl Connection for MysqlConnection {
    fn server(&self) -> &ServerInfo {
        &self.server
    }

    fn url(&self) -> &DbUrl {
        &self.url
    }

    fn database_name(&self) -> &str {
        &self.database
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DriverError> {
        // The text protocol accepts every statement, including those the binary protocol
        // cannot prepare (CREATE TRIGGER, CREATE PROCEDURE, LOCK TABLES, …).
        let secret = self.secret.clone();
        let result = self.conn.query_iter(sql);
        let result = result.map_err(|e| with_line_position(map_err(secret.as_deref(), e), sql));
        match result {
            Ok(mut result) => {
                let mut affected = 0;
                while let Some(set) = result.iter() {
                    affected += set.affected_rows();
                    for row in set {
                        row.map_err(|e| DriverError::query(e.to_string(), None))?;
                    }
                }
                Ok(affected)
            }
            Err(e) => Err(e),
        }
    }

    fn run_steps(&mut self, steps: &[Step<'_>]) -> Result<(), (usize, DriverError)> {
        // Bookkeeping rides along with the statement it precedes, as a multi-statement: the
        // server runs them in order and stops at the first error, and each answers with one
        // result, so counting results says which failed. A statement of the migration always
        // ends its batch — but for the closing writes after the last one, which run only if
        // it succeeded — so a runner that is stopped never leaves the server running
        // statements it had not started yet, and a statement that answers more than once (a
        // CALL) cannot throw the count off.
        let mut start = 0;
        while start < steps.len() {
            let mut texts: Vec<Cow<'_, str>> = Vec::new();
            for step in &steps[start..] {
                match step {
                    Step::Bound(bound) => {
                        let text = inline_params(bound).map_err(|e| (start + texts.len(), e))?;
                        texts.push(Cow::Owned(text));
                    }
                    Step::Sql(sql) if !texts.is_empty() && sql.len() > BATCH_LIMIT => break,
                    Step::Sql(sql) => {
                        texts.push(Cow::Borrowed(*sql));
                        // Writes that close the run with nothing after them ride with the
                        // last statement, when it answers exactly once.
                        let rest = &steps[start + texts.len()..];
                        if answers_once(sql) && rest.iter().all(|s| matches!(s, Step::Bound(_))) {
                            for step in rest {
                                if let Step::Bound(bound) = step {
                                    let text = inline_params(bound)
                                        .map_err(|e| (start + texts.len(), e))?;
                                    texts.push(Cow::Owned(text));
                                }
                            }
                        }
                        break;
                    }
                }
            }
            if let Err((i, e)) = self.run_batch(&texts.join(";")) {
                let i = i.min(texts.len() - 1);
                return Err((start + i, with_line_position(e, &texts[i])));
            }
            start += texts.len();
        }
        Ok(())
    }

    fn stopwatch(&self) -> Option<Stopwatch> {
        // NOW(6) is when each statement started, also on a replica reading the binary log.
        Some(Stopwatch {
            start: "SET @keel_migration_started = NOW(6)",
            elapsed_ms: "TIMESTAMPDIFF(MICROSECOND, @keel_migration_started, NOW(6)) DIV 1000",
        })
    }

    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DriverError> {
        let params: Vec<mysql::Value> = params.iter().map(to_mysql).collect();
        match self.conn.exec_drop(sql, mysql::Params::Positional(params)) {
            Ok(()) => Ok(self.conn.affected_rows()),
            Err(e) => Err(self.map_err(e)),
        }
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DriverError> {
        let rows: Result<Vec<mysql::Row>, _> = if params.is_empty() {
            self.conn.query(sql)
        } else {
            let params: Vec<mysql::Value> = params.iter().map(to_mysql).collect();
            self.conn.exec(sql, mysql::Params::Positional(params))
        };
        let rows = rows.map_err(|e| self.map_err(e))?;
        Ok(rows
            .into_iter()
            .map(|r| r.unwrap().into_iter().map(from_mysql).collect())
            .collect())
    }

    fn inspect(&mut self, options: &InspectOptions) -> Result<keel_model::Snapshot, DriverError> {
        self.inspect_schema(options)
    }

    fn inspect_into(
        &mut self,
        options: &InspectOptions,
        sink: &mut dyn keel_model::SnapshotSink,
    ) -> Result<(), DriverError> {
        self.inspect_schema_into(options, sink)
    }

    fn create_scratch(&mut self) -> Result<DbUrl, DriverError> {
        let name = keel_driver::scratch_name();
        // The scratch database takes this database's default character set and collation:
        // tables created without their own then read the same in both, and only real
        // differences show.
        let defaults = self.query(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()",
            &[],
        )?;
        let encoding = defaults
            .first()
            .and_then(|r| Some((r.first()?.as_str()?, r.get(1)?.as_str()?)))
            .filter(|(cs, coll)| {
                [cs, coll]
                    .iter()
                    .all(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            })
            .map(|(cs, coll)| format!(" CHARACTER SET {cs} COLLATE {coll}"))
            .unwrap_or_default();
        self.execute(&format!("CREATE DATABASE `{name}`{encoding}")).map_err(|e| DriverError::Query {
            message: format!("cannot create a scratch database: {e} (the user needs the CREATE privilege on new databases)"),
            code: None,
            position: None,
        })?;
        self.url.with_database(&name)
    }

    fn drop_scratch(&mut self, scratch: &DbUrl) -> Result<(), DriverError> {
        let name = keel_driver::scratch_database(scratch)?;
        self.execute(&format!("DROP DATABASE IF EXISTS `{name}`"))
            .map(drop)
    }

    fn table_exists(&mut self, name: &str) -> Result<bool, DriverError> {
        let rows = self.query(
            "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            &[Value::Text(name.to_string())],
        )?;
        Ok(!rows.is_empty())
    }

    fn acquire_lock(&mut self, key: &str, wait: Duration) -> Result<(), DriverError> {
        let name = self.lock_name(key);
        let seconds = i64::try_from(wait.as_secs()).unwrap_or(i64::MAX);
        let got = self.query(
            "SELECT GET_LOCK(?, ?)",
            &[Value::Text(name.clone()), Value::Int(seconds)],
        )?;
        if got.first().and_then(|r| r.first()).and_then(Value::as_i64) == Some(1) {
            return Ok(());
        }
        let holder = self
            .query(
                "SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)",
                &[Value::Text(name.clone())],
            )
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .map(|r| {
                let text = |i: usize| {
                    r.get(i)
                        .and_then(|v| v.as_str().map(str::to_string).or(v.as_i64().map(|n| n.to_string())))
                        .unwrap_or_else(|| "?".into())
                };
                format!(
                    "MySQL connection {} ({}@{}, {}s)",
                    text(0),
                    text(1),
                    text(2),
                    text(3)
                )
            });
        Err(DriverError::LockTimeout {
            key: name,
            holder,
            waited: wait,
        })
    }

    fn release_lock(&mut self, key: &str) -> Result<(), DriverError> {
        let name = self.lock_name(key);
        self.execute_with("DO RELEASE_LOCK(?)", &[Value::Text(name)])
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::inline_params;
    use keel_driver::{Bound, Value};

    #[test]
    fn inlined_text_is_hex_so_that_no_sql_mode_changes_it() {
        let bound = Bound::new(
            "UPDATE t SET a = ?, b = ?, c = ? WHERE d = ? AND e = '?'",
            vec![
                Value::from("o'b\\"),
                Value::Int(-3),
                Value::Null,
                Value::Bytes(vec![1, 2]),
            ],
        );
        assert_eq!(
            inline_params(&bound).unwrap(),
            "UPDATE t SET a = _utf8mb4 X'6f27625c', b = -3, c = NULL WHERE d = X'0102' AND e = '?'"
        );
    }

    #[test]
    fn inlining_with_too_few_values_is_an_error() {
        let bound = Bound::new("DELETE FROM t WHERE a = ?", vec![]);
        assert!(inline_params(&bound).is_err());
    }
}
