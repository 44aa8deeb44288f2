use std::time::Duration;

use keel_driver::{
    redact, Connection, DbUrl, Dialect, Driver, DriverError, Flavor, InspectOptions, Row,
    ServerInfo, Value, Version,
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

    fn create_scratch(&mut self) -> Result<DbUrl, DriverError> {
        let name = keel_driver::scratch_name();
        self.execute(&format!("CREATE DATABASE `{name}`")).map_err(|e| DriverError::Query {
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
