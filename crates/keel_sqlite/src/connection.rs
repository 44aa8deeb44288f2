use std::path::Path;
use std::time::Duration;

use keel_driver::{
    Connection, DbUrl, Dialect, Driver, DriverError, Flavor, InspectOptions, Row, ServerInfo,
    Value, Version,
};
use rusqlite::types::{Value as SqlValue, ValueRef};

/// Opens SQLite databases from `sqlite://` URLs.
#[derive(Debug, Default, Clone, Copy)]
pub struct SqliteDriver;

impl Driver for SqliteDriver {
    fn schemes(&self) -> &'static [&'static str] {
        &["sqlite"]
    }

    fn connect(&self, url: &DbUrl) -> Result<Box<dyn Connection>, DriverError> {
        SqliteConnection::open(url).map(|c| Box::new(c) as Box<dyn Connection>)
    }
}

/// A connection to one SQLite file.
pub struct SqliteConnection {
    conn: rusqlite::Connection,
    url: DbUrl,
    server: ServerInfo,
    name: String,
    /// Set while the runner lock (an immediate transaction) is held: transactions then become
    /// savepoints inside it.
    locked: bool,
}

const SAVEPOINT: &str = "keel_migration";

impl SqliteConnection {
    /// Opens (creating if needed) the database file named by `url`.
    pub fn open(url: &DbUrl) -> Result<Self, DriverError> {
        let path = url.sqlite_path().ok_or_else(|| DriverError::InvalidUrl {
            url: url.to_string(),
            reason: "not a sqlite URL".into(),
        })?;
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                return Err(DriverError::Connect {
                    url: url.to_string(),
                    message: format!(
                        "the folder {} does not exist; create it or point the URL elsewhere",
                        parent.display()
                    ),
                });
            }
        }
        let conn = rusqlite::Connection::open(&path).map_err(|e| DriverError::Connect {
            url: url.to_string(),
            message: e.to_string(),
        })?;
        // Readers briefly wait out another process's commit instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| DriverError::Connect {
                url: url.to_string(),
                message: e.to_string(),
            })?;
        // The data guard reads per-column content digests with this aggregate.
        crate::digest::register(&conn).map_err(|e| DriverError::Connect {
            url: url.to_string(),
            message: e.to_string(),
        })?;
        let version_string = rusqlite::version().to_string();
        let name = Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "main".into());
        let mut this = Self {
            conn,
            url: url.clone(),
            server: ServerInfo {
                dialect: Dialect::Sqlite,
                flavor: Flavor::Sqlite,
                version: Version::parse_leading(&version_string),
                version_string,
            },
            name,
            locked: false,
        };
        // Reading the schema forces SQLite to open the file now, so that a path that is not a
        // database fails here, at connect time, with the file named.
        this.query("SELECT count(*) FROM sqlite_schema", &[])
            .map_err(|e| DriverError::Connect {
                url: url.to_string(),
                message: e.to_string(),
            })?;
        Ok(this)
    }

    /// The underlying rusqlite connection, for engine-specific work (backups, introspection).
    pub fn raw(&mut self) -> &mut rusqlite::Connection {
        &mut self.conn
    }
}

pub(crate) fn map_err(e: rusqlite::Error) -> DriverError {
    match e {
        rusqlite::Error::SqlInputError {
            error,
            msg,
            sql,
            offset,
        } => DriverError::Query {
            message: msg,
            code: Some(format!("{:?}", error.code)),
            // SQLite reports a byte offset; the contract is a character offset, which differs
            // as soon as the statement holds non-ASCII text.
            position: usize::try_from(offset)
                .ok()
                .and_then(|byte| sql.get(..byte))
                .map(|before| before.chars().count()),
        },
        rusqlite::Error::SqliteFailure(err, msg) => DriverError::Query {
            message: msg.unwrap_or_else(|| err.to_string()),
            code: Some(format!("{:?}", err.code)),
            position: None,
        },
        other => DriverError::query(other.to_string(), None),
    }
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Float(f) => SqlValue::Real(*f),
        Value::Text(s) => SqlValue::Text(s.clone()),
        Value::Bytes(b) => SqlValue::Blob(b.clone()),
    }
}

fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Float(f),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Value::Text(s.to_string()),
            Err(_) => Value::Bytes(t.to_vec()),
        },
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

impl Connection for SqliteConnection {
    fn server(&self) -> &ServerInfo {
        &self.server
    }

    fn url(&self) -> &DbUrl {
        &self.url
    }

    fn database_name(&self) -> &str {
        &self.name
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DriverError> {
        self.execute_with(sql, &[])
    }

    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DriverError> {
        let mut stmt = self.conn.prepare(sql).map_err(map_err)?;
        let params: Vec<SqlValue> = params.iter().map(to_sql).collect();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(map_err)?;
        // Statements that return rows (PRAGMAs, RETURNING) are stepped to the end so that
        // their effects happen; the rows themselves are not needed.
        while rows.next().map_err(map_err)?.is_some() {}
        drop(rows);
        drop(stmt);
        Ok(self.conn.changes())
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DriverError> {
        let mut stmt = self.conn.prepare(sql).map_err(map_err)?;
        let width = stmt.column_count();
        let params: Vec<SqlValue> = params.iter().map(to_sql).collect();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(map_err)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(map_err)? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(from_sql(row.get_ref(i).map_err(map_err)?));
            }
            out.push(values);
        }
        Ok(out)
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
        let dir = std::env::temp_dir();
        let path = dir.join(format!("{}.db", keel_driver::scratch_name()));
        // Created here (an empty file is an empty database), so that a temporary directory
        // keel cannot write to is reported as such, not as a URL the user never gave.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                DriverError::query(
                    format!(
                        "cannot create a scratch database file in {}: {e} (keel creates it in \
                         the temporary directory; set TMPDIR to a writable directory)",
                        dir.display()
                    ),
                    None,
                )
            })?;
        DbUrl::parse(&format!("sqlite://{}", path.display()))
    }

    fn drop_scratch(&mut self, scratch: &DbUrl) -> Result<(), DriverError> {
        let Some(path) = scratch.sqlite_path() else {
            return Ok(());
        };
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(DriverError::query(
                        format!("cannot remove scratch database {}: {e}", path.display()),
                        None,
                    ))
                }
            }
        }
        Ok(())
    }

    fn table_exists(&mut self, name: &str) -> Result<bool, DriverError> {
        let rows = self.query(
            "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?",
            &[Value::Text(name.to_string())],
        )?;
        Ok(!rows.is_empty())
    }

    fn begin(&mut self) -> Result<(), DriverError> {
        if self.locked {
            self.execute(&format!("SAVEPOINT {SAVEPOINT}")).map(drop)
        } else {
            self.execute("BEGIN IMMEDIATE").map(drop)
        }
    }

    fn commit(&mut self) -> Result<(), DriverError> {
        if self.locked {
            self.execute(&format!("RELEASE SAVEPOINT {SAVEPOINT}"))
                .map(drop)
        } else {
            self.execute("COMMIT").map(drop)
        }
    }

    fn rollback(&mut self) -> Result<(), DriverError> {
        // Some failures (disk full, I/O errors) make SQLite abandon the whole transaction on
        // its own; there is then nothing left to roll back.
        if self.conn.is_autocommit() {
            return Ok(());
        }
        if self.locked {
            self.execute(&format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}"))?;
            self.execute(&format!("RELEASE SAVEPOINT {SAVEPOINT}"))
                .map(drop)
        } else {
            self.execute("ROLLBACK").map(drop)
        }
    }

    fn acquire_lock(&mut self, key: &str, wait: Duration) -> Result<(), DriverError> {
        if self.locked {
            return Ok(());
        }
        self.conn.busy_timeout(wait).map_err(map_err)?;
        match self.conn.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => {
                self.locked = true;
                Ok(())
            }
            Err(rusqlite::Error::SqliteFailure(err, _))
                if err.code == rusqlite::ErrorCode::DatabaseBusy
                    || err.code == rusqlite::ErrorCode::DatabaseLocked =>
            {
                Err(DriverError::LockTimeout {
                    key: key.to_string(),
                    holder: Some(format!(
                        "another process writing to {} (a second keel runner or the application)",
                        self.url
                    )),
                    waited: wait,
                })
            }
            Err(e) => Err(map_err(e)),
        }
    }

    fn release_lock(&mut self, _key: &str) -> Result<(), DriverError> {
        if !self.locked {
            return Ok(());
        }
        self.locked = false;
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.execute("COMMIT").map(drop)
    }

    fn prepare_for_migrations(&mut self) -> Result<(), DriverError> {
        self.execute("PRAGMA foreign_keys = OFF").map(drop)
    }

    fn check_integrity(&mut self) -> Result<(), DriverError> {
        let rows = self.query("PRAGMA foreign_key_check", &[])?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut parts: Vec<String> = rows
            .iter()
            .take(5)
            .map(|r| {
                format!(
                    "{} row {} references a missing {} row",
                    r.first().and_then(Value::as_str).unwrap_or("?"),
                    r.get(1)
                        .and_then(Value::as_i64)
                        .map_or("?".into(), |i| i.to_string()),
                    r.get(2).and_then(Value::as_str).unwrap_or("?"),
                )
            })
            .collect();
        if rows.len() > 5 {
            parts.push(format!("and {} more", rows.len() - 5));
        }
        Err(DriverError::Integrity {
            message: format!(
                "foreign keys violated after the migration: {}",
                parts.join("; ")
            ),
        })
    }
}
