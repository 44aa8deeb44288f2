//! The explicit driver registry: the only place that names concrete engines.

use keel_driver::{Connection, DbUrl, Driver, DriverError};

static SQLITE: keel_sqlite::SqliteDriver = keel_sqlite::SqliteDriver;
static POSTGRES: keel_postgres::PostgresDriver = keel_postgres::PostgresDriver;
static MYSQL: keel_mysql::MysqlDriver = keel_mysql::MysqlDriver;

/// Every driver keel ships.
pub(crate) fn all() -> [&'static dyn Driver; 3] {
    [&SQLITE, &POSTGRES, &MYSQL]
}

/// Opens `url` with the matching driver.
pub(crate) fn connect(url: &DbUrl) -> Result<Box<dyn Connection>, DriverError> {
    keel_driver::connect(&all(), url)
}

/// How each engine spells DDL, for `keel diff --emit sql`.
pub(crate) fn ddl(engine: &str) -> Option<&'static dyn keel_plan::Ddl> {
    match engine {
        "sqlite" => Some(&keel_plan::dialect::Sqlite),
        "mysql" | "mariadb" => Some(&keel_plan::dialect::Mysql),
        "postgres" => Some(&keel_plan::dialect::Postgres),
        _ => None,
    }
}
