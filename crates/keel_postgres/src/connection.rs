use std::collections::HashMap;
use std::str::FromStr;
use std::time::{Duration, Instant};

use keel_driver::{
    redact, Bound, Connection, DbUrl, Dialect, Driver, DriverError, Flavor, InspectOptions, Row,
    ServerInfo, Step, TransactionError, Value, Version,
};
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, SimpleQueryMessage};
use sha2::{Digest, Sha256};

/// Opens PostgreSQL databases from `postgres://` URLs.
#[derive(Debug, Default, Clone, Copy)]
pub struct PostgresDriver;

impl Driver for PostgresDriver {
    fn schemes(&self) -> &'static [&'static str] {
        &["postgres"]
    }

    fn connect(&self, url: &DbUrl) -> Result<Box<dyn Connection>, DriverError> {
        PostgresConnection::open(url).map(|c| Box::new(c) as Box<dyn Connection>)
    }
}

/// A connection to one PostgreSQL database.
pub struct PostgresConnection {
    client: Client,
    url: DbUrl,
    server: ServerInfo,
    database: String,
    secret: Option<String>,
    /// Statements prepared by [`Connection::execute_with`], by SQL text. keel's bookkeeping
    /// writes (one history INSERT per migration) otherwise cost a Parse/Describe round trip and
    /// a Close each time; cached, they are parsed once per session. Bounded, because the
    /// server keeps every prepared statement until the session ends.
    prepared: HashMap<String, postgres::Statement>,
    /// A `BEGIN` not sent yet: it travels with the transaction's first statement (or its
    /// `COMMIT`), which saves a round trip per migration.
    begin_pending: bool,
}

/// What a pending `BEGIN` adds in front of the first statement of a transaction.
const BEGIN_PREFIX: &str = "BEGIN;\n";

/// At most this many cached statements per connection (keel's own writes need a handful).
const PREPARED_CACHE_LIMIT: usize = 32;

impl PostgresConnection {
    /// Connects, with a 10-second connect timeout and `application_name=keel`.
    pub fn open(url: &DbUrl) -> Result<Self, DriverError> {
        let secret = url.password();
        let connect_err = |message: String| DriverError::Connect {
            url: url.to_string(),
            message: redact(&message, secret.as_deref()),
        };
        let mut config =
            postgres::Config::from_str(url.expose()).map_err(|e| connect_err(e.to_string()))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("keel");
        }
        let database = config
            .get_dbname()
            .map(str::to_string)
            .or_else(|| config.get_user().map(str::to_string))
            .unwrap_or_else(|| "postgres".into());
        let client = config
            .connect(NoTls)
            .map_err(|e| connect_err(error_text(&e)))?;
        let mut this = Self {
            client,
            url: url.clone(),
            server: ServerInfo {
                dialect: Dialect::Postgres,
                flavor: Flavor::Postgres,
                version: Version::default(),
                version_string: String::new(),
            },
            database,
            secret,
            prepared: HashMap::new(),
            begin_pending: false,
        };
        let version_string = this
            .simple_scalar("SHOW server_version")?
            .unwrap_or_default();
        this.server.version = Version::parse_leading(&version_string);
        this.server.version_string = version_string;
        Ok(this)
    }

    /// The underlying client, for engine-specific work (COPY, introspection). A `BEGIN` that
    /// was held back is sent first, so the work runs inside the transaction as asked.
    pub fn raw(&mut self) -> &mut Client {
        if std::mem::take(&mut self.begin_pending) {
            // A failure here means a broken connection, which the caller's next call reports.
            let _ = self.client.simple_query("BEGIN");
        }
        &mut self.client
    }

    /// Sends a `BEGIN` that was held back, before a statement that cannot carry it.
    fn flush_begin(&mut self) -> Result<(), DriverError> {
        if std::mem::take(&mut self.begin_pending) {
            self.simple("BEGIN")?;
        }
        Ok(())
    }

    /// Runs `sql` with the simple protocol (several statements allowed) and returns the rows
    /// the statements changed.
    fn simple(&mut self, sql: &str) -> Result<u64, DriverError> {
        let messages = self.client.simple_query(sql).map_err(|e| self.map_err(e))?;
        Ok(messages
            .iter()
            .map(|m| match m {
                SimpleQueryMessage::CommandComplete(n) => *n,
                _ => 0,
            })
            .sum())
    }

    /// Which of `steps` fails when run one at a time inside a transaction that is rolled back
    /// afterwards, whatever happens; `None` when none does or the session broke.
    fn failing_step(&mut self, steps: &[Step<'_>]) -> Option<usize> {
        self.simple("BEGIN").ok()?;
        let failed = steps.iter().position(|step| {
            match step {
                Step::Sql(sql) => self.simple(sql),
                Step::Bound(bound) => inline_params(bound).and_then(|sql| self.simple(&sql)),
            }
            .is_err()
        });
        self.simple("ROLLBACK").ok()?;
        failed
    }

    pub(crate) fn map_err(&self, e: postgres::Error) -> DriverError {
        let (message, code, position) = match e.as_db_error() {
            Some(db) => {
                let mut message = db.message().to_string();
                if let Some(detail) = db.detail() {
                    message.push_str(&format!(" (detail: {detail})"));
                }
                if let Some(hint) = db.hint() {
                    message.push_str(&format!(" (hint: {hint})"));
                }
                let position = match db.position() {
                    Some(postgres::error::ErrorPosition::Original(p)) => {
                        Some((*p as usize).saturating_sub(1))
                    }
                    _ => None,
                };
                (message, Some(db.code().code().to_string()), position)
            }
            None => (error_text(&e), None, None),
        };
        DriverError::Query {
            message: redact(&message, self.secret.as_deref()),
            code,
            position,
        }
    }

    fn simple_scalar(&mut self, sql: &str) -> Result<Option<String>, DriverError> {
        self.flush_begin()?;
        let messages = self.client.simple_query(sql).map_err(|e| self.map_err(e))?;
        for m in messages {
            if let SimpleQueryMessage::Row(row) = m {
                return Ok(row.get(0).map(str::to_string));
            }
        }
        Ok(None)
    }

    /// The two 32-bit keys of the advisory lock for `key` on this database.
    fn lock_keys(&self, key: &str) -> (i32, i32) {
        let digest = Sha256::digest(format!("{key}\0{}", self.database).as_bytes());
        let class = i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
        let obj = i32::from_be_bytes([digest[4], digest[5], digest[6], digest[7]]);
        (class, obj)
    }

    fn lock_holder(&mut self, class: i32, obj: i32) -> Option<String> {
        let sql = format!(
            "SELECT a.pid::text, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket'), \
             coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') \
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted AND l.classid::int4 = {class} AND l.objid::int4 = {obj} AND l.objsubid = 2 LIMIT 1"
        );
        let messages = self.client.simple_query(&sql).ok()?;
        messages.into_iter().find_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(format!(
                "PostgreSQL backend pid {} ({}, from {}, connected since {})",
                row.get(0).unwrap_or("?"),
                match row.get(1) {
                    Some("") | None => "no application name",
                    Some(name) => name,
                },
                row.get(2).unwrap_or("?"),
                row.get(3).unwrap_or("?"),
            )),
            _ => None,
        })
    }
}

fn error_text(e: &postgres::Error) -> String {
    // The top-level Display of a connection error is often just "error connecting to server";
    // the causes say why (refused, timed out, bad password).
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Rewrites `?` placeholders (outside quotes) to PostgreSQL's `$n`.
fn numbered_placeholders(sql: &str) -> String {
    replace_placeholders(sql, |n| format!("${n}"))
}

/// Replaces each `?` outside quotes with `with(n)`, `n` counting from 1.
fn replace_placeholders(sql: &str, mut with: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                n += 1;
                out.push_str(&with(n));
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// Writes a bookkeeping statement with its values as literals, so it can share a
/// simple-protocol round trip with other statements.
fn inline_params(bound: &Bound) -> Result<String, DriverError> {
    let mut missing = false;
    let sql = replace_placeholders(&bound.sql, |n| match bound.params.get(n - 1) {
        Some(value) => literal(value),
        None => {
            missing = true;
            String::new()
        }
    });
    if missing {
        return Err(DriverError::query(
            format!("keel bug: too few values for `{}`", bound.sql),
            None,
        ));
    }
    Ok(sql)
}

/// A PostgreSQL literal for `value`. Everything but NULL is quoted, so the server gives each
/// value its column's type, as it does for a bound parameter; the `E'…'` form escapes the same
/// way whatever `standard_conforming_strings` says.
fn literal(value: &Value) -> String {
    let quoted = |text: &str| format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "''"));
    match value {
        Value::Null => "NULL".into(),
        Value::Int(i) => quoted(&i.to_string()),
        Value::Float(f) => quoted(&f.to_string()),
        Value::Text(t) => quoted(t),
        Value::Bytes(b) => {
            let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
            quoted(&format!("\\x{hex}"))
        }
    }
}

/// A whole transaction as one simple-protocol message, and where each step sits in it.
struct TransactionMessage {
    text: String,
    /// The character range of each step in `text`.
    spans: Vec<std::ops::Range<usize>>,
}

impl TransactionMessage {
    fn new(steps: &[Step<'_>], record: &[Bound]) -> Result<Self, DriverError> {
        let mut text = String::from(BEGIN_PREFIX);
        let mut chars = BEGIN_PREFIX.len();
        let mut spans = Vec::with_capacity(steps.len());
        for step in steps {
            let sql = match step {
                Step::Sql(sql) => std::borrow::Cow::Borrowed(*sql),
                Step::Bound(bound) => std::borrow::Cow::Owned(inline_params(bound)?),
            };
            let len = sql.chars().count();
            spans.push(chars..chars + len);
            text.push_str(&sql);
            // On a line of its own, so that a trailing `--` comment cannot swallow it.
            text.push_str(STEP_END);
            chars += len + STEP_END.len();
        }
        for bound in record {
            text.push_str(&inline_params(bound)?);
            text.push_str(";\n");
        }
        text.push_str("COMMIT");
        Ok(Self { text, spans })
    }

    /// The step the server's error position points into, with the position made relative
    /// to that step.
    fn locate(&self, error: &DriverError) -> Option<(usize, DriverError)> {
        let DriverError::Query {
            message,
            code,
            position: Some(at),
        } = error
        else {
            return None;
        };
        let index = self.spans.iter().position(|span| span.contains(at))?;
        Some((
            index,
            DriverError::Query {
                message: message.clone(),
                code: code.clone(),
                position: Some(at - self.spans[index].start),
            },
        ))
    }
}

/// What ends each step of a [`TransactionMessage`].
const STEP_END: &str = "\n;\n";

/// Moves an error's position back by the `prefix` keel put in front of the statement, so it
/// points into the statement again (or nowhere, if it pointed into the prefix).
fn without_prefix(err: DriverError, prefix: &str) -> DriverError {
    match err {
        DriverError::Query {
            message,
            code,
            position,
        } => DriverError::Query {
            message,
            code,
            position: position.and_then(|p| p.checked_sub(prefix.chars().count())),
        },
        other => other,
    }
}

/// Converts a keel value into a parameter of the type the server inferred for it.
fn param_for(value: &Value, ty: &Type) -> Box<dyn ToSql + Sync> {
    let int = value.as_i64();
    match (value, ty) {
        (Value::Null, t) if *t == Type::INT8 => Box::new(None::<i64>),
        (Value::Null, t) if *t == Type::INT4 => Box::new(None::<i32>),
        (Value::Null, t) if *t == Type::INT2 => Box::new(None::<i16>),
        (Value::Null, t) if *t == Type::BYTEA => Box::new(None::<Vec<u8>>),
        (Value::Null, t) if *t == Type::FLOAT8 => Box::new(None::<f64>),
        (Value::Null, _) => Box::new(None::<String>),
        (_, t) if *t == Type::INT8 => Box::new(int),
        (_, t) if *t == Type::INT4 => Box::new(int.map(|i| i as i32)),
        (_, t) if *t == Type::INT2 => Box::new(int.map(|i| i as i16)),
        (Value::Float(f), _) => Box::new(*f),
        (Value::Bytes(b), t) if *t == Type::BYTEA => Box::new(b.clone()),
        (Value::Int(i), _) => Box::new(i.to_string()),
        (other, _) => Box::new(other.as_str().unwrap_or_default().to_string()),
    }
}

fn value_of(row: &postgres::Row, i: usize) -> Value {
    let ty = row.columns()[i].type_();
    let got = if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int))
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)
            .map(|v| v.map(|x| Value::Int(x.into())))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i)
            .map(|v| v.map(|x| Value::Int(x.into())))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)
            .map(|v| v.map(|x| Value::Int(x.into())))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)
            .map(|v| v.map(Value::Float))
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(i)
            .map(|v| v.map(|x| Value::Float(x.into())))
    } else if *ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(i)
            .map(|v| v.map(Value::Bytes))
    } else {
        row.try_get::<_, Option<String>>(i)
            .map(|v| v.map(Value::Text))
    };
    got.ok().flatten().unwrap_or(Value::Null)
}

impl Connection for PostgresConnection {
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
        // The simple protocol runs any statement (DO blocks, COPY-less DDL, utility commands)
        // exactly as psql would.
        if std::mem::take(&mut self.begin_pending) {
            // If the statement fails, the transaction is open and aborted, as if BEGIN had
            // gone alone; the caller's rollback ends it.
            return self
                .simple(&format!("{BEGIN_PREFIX}{sql}"))
                .map_err(|e| without_prefix(e, BEGIN_PREFIX));
        }
        self.simple(sql)
    }

    fn begin(&mut self) -> Result<(), DriverError> {
        self.flush_begin()?;
        self.begin_pending = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), DriverError> {
        if std::mem::take(&mut self.begin_pending) {
            return Ok(()); // nothing ran in the transaction
        }
        self.simple("COMMIT").map(drop)
    }

    fn commit_with(&mut self, record: &[Bound]) -> Result<(), DriverError> {
        // One round trip for the history write and the COMMIT (and the BEGIN, when no
        // statement carried it). A failing write stops the batch before COMMIT, leaving the
        // transaction aborted for the caller's rollback.
        let mut batch = String::new();
        if self.begin_pending {
            batch.push_str(BEGIN_PREFIX);
        }
        for bound in record {
            batch.push_str(&inline_params(bound)?);
            batch.push_str(";\n");
        }
        batch.push_str("COMMIT");
        self.begin_pending = false;
        self.simple(&batch).map(drop).map_err(|e| match e {
            // A position in the batch means nothing to the caller.
            DriverError::Query { message, code, .. } => DriverError::Query {
                message,
                code,
                position: None,
            },
            other => other,
        })
    }

    fn rollback(&mut self) -> Result<(), DriverError> {
        if std::mem::take(&mut self.begin_pending) {
            return Ok(()); // the server never saw the transaction
        }
        self.simple("ROLLBACK").map(drop)
    }

    fn run_transaction(
        &mut self,
        steps: &[Step<'_>],
        record: &[Bound],
    ) -> Result<(), TransactionError> {
        // One simple-protocol message: BEGIN, every step, the record, COMMIT. The server runs
        // them in order and stops at the first error, leaving the transaction aborted; a
        // session that ends halfway is rolled back, and one that ends after the message
        // arrived may still commit it whole. Either way, all or nothing.
        self.flush_begin().map_err(TransactionError::Other)?;
        let message = TransactionMessage::new(steps, record).map_err(TransactionError::Other)?;
        let Err(error) = self.simple(&message.text) else {
            return Ok(());
        };
        if self.simple("ROLLBACK").is_err() {
            // The session is gone, and the transaction with it.
            return Err(TransactionError::Other(error));
        }
        if let Some((index, error)) = message.locate(&error) {
            return Err(TransactionError::Step(index, error));
        }
        // No position to go by: replay the steps one at a time, in a transaction that is
        // always rolled back, to learn which one fails. When none does (the failure was the
        // record, the COMMIT, or did not repeat), the error stands on its own.
        match self.failing_step(steps) {
            Some(index) => Err(TransactionError::Step(index, error)),
            None => Err(TransactionError::Other(error)),
        }
    }

    fn elapsed_ms_sql(&self) -> Option<&'static str> {
        // The transaction's start is when the server received its BEGIN, which for
        // `run_transaction` is the whole message.
        Some("(extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint")
    }

    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DriverError> {
        self.flush_begin()?;
        // Only statements without result columns are cached: a cached SELECT would fail with
        // "cached plan must not change result type" once a migration alters its table.
        let sql = numbered_placeholders(sql);
        let stmt = match self.prepared.get(&sql) {
            Some(stmt) => stmt.clone(),
            None => {
                let stmt = self.client.prepare(&sql).map_err(|e| self.map_err(e))?;
                if stmt.columns().is_empty() && self.prepared.len() < PREPARED_CACHE_LIMIT {
                    self.prepared.insert(sql, stmt.clone());
                }
                stmt
            }
        };
        let boxed: Vec<Box<dyn ToSql + Sync>> = params
            .iter()
            .zip(stmt.params())
            .map(|(v, t)| param_for(v, t))
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        self.client
            .execute(&stmt, &refs)
            .map_err(|e| self.map_err(e))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DriverError> {
        self.flush_begin()?;
        let sql = numbered_placeholders(sql);
        let stmt = self.client.prepare(&sql).map_err(|e| self.map_err(e))?;
        let boxed: Vec<Box<dyn ToSql + Sync>> = params
            .iter()
            .zip(stmt.params())
            .map(|(v, t)| param_for(v, t))
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        let rows = self
            .client
            .query(&stmt, &refs)
            .map_err(|e| self.map_err(e))?;
        Ok(rows
            .iter()
            .map(|r| (0..r.len()).map(|i| value_of(r, i)).collect())
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
        self.execute(&format!("CREATE DATABASE \"{name}\""))
            .map_err(|e| DriverError::Query {
                message: format!(
                    "cannot create a scratch database: {e} (the role needs the CREATEDB privilege)"
                ),
                code: None,
                position: None,
            })?;
        self.url.with_database(&name)
    }

    fn drop_scratch(&mut self, scratch: &DbUrl) -> Result<(), DriverError> {
        let name = keel_driver::scratch_database(scratch)?;
        self.execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .map(drop)
    }

    fn table_exists(&mut self, name: &str) -> Result<bool, DriverError> {
        let rows = self.query(
            "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname = ? AND n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p', 'v', 'm')",
            &[Value::Text(name.to_string())],
        )?;
        Ok(!rows.is_empty())
    }

    fn acquire_lock(&mut self, key: &str, wait: Duration) -> Result<(), DriverError> {
        let (class, obj) = self.lock_keys(key);
        let started = Instant::now();
        loop {
            let got =
                self.simple_scalar(&format!("SELECT pg_try_advisory_lock({class}, {obj})"))?;
            if got.as_deref() == Some("t") {
                return Ok(());
            }
            if started.elapsed() >= wait {
                let holder = self.lock_holder(class, obj);
                return Err(DriverError::LockTimeout {
                    key: key.to_string(),
                    holder,
                    waited: wait,
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn release_lock(&mut self, key: &str) -> Result<(), DriverError> {
        let (class, obj) = self.lock_keys(key);
        // Releasing must work even after a failed statement left the session in an aborted
        // transaction, so roll back first; outside a transaction this is a harmless warning.
        self.begin_pending = false;
        let _ = self.client.simple_query("ROLLBACK");
        self.simple_scalar(&format!("SELECT pg_advisory_unlock({class}, {obj})"))
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::{inline_params, numbered_placeholders};
    use keel_driver::{Bound, Value};

    #[test]
    fn inlined_values_are_quoted_so_that_any_text_survives() {
        let bound = Bound::new(
            "INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, '?')",
            vec![
                Value::from("o'brien \\ ü"),
                Value::Int(7),
                Value::Null,
                Value::Bytes(vec![0, 255]),
            ],
        );
        assert_eq!(
            inline_params(&bound).unwrap(),
            "INSERT INTO t (a, b, c, d, e) VALUES (E'o''brien \\\\ ü', E'7', NULL, E'\\\\x00ff', '?')"
        );
    }

    #[test]
    fn inlining_with_too_few_values_is_an_error() {
        let bound = Bound::new("DELETE FROM t WHERE a = ? AND b = ?", vec![Value::Int(1)]);
        assert!(inline_params(&bound).is_err());
    }

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered_placeholders("SELECT ? , '?', \"?\", ?"),
            "SELECT $1 , '?', \"?\", $2"
        );
    }
}
