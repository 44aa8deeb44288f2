//! keel's settings, resolved in one place.
//!
//! Three stages, as in uv: the CLI's flags ([`Overrides`]), the project file
//! ([`Options`], every field optional and documented) and the environment ([`Environment`])
//! become [`Settings`], which has no optional field that has a default. Precedence for the
//! database is fixed here and nowhere else:
//!
//! `--database` flag > `DATABASE_URL` > `keel.toml` (found by searching upward) > Laravel
//! `.env` > `sqlite://keel.db`.
//!
//! ```no_run
//! use keel_config::{resolve, Environment, Overrides};
//! let settings = resolve(&Overrides::default(), &Environment::from_process()).unwrap();
//! println!("{} from {}", settings.database, settings.database_source);
//! ```
//!
//! This crate reads files; it never connects to a database and never prints.

mod error;
mod options;
mod resolve;

pub use error::ConfigError;
pub use keel_laravel::env::{parse_dotenv, DotEnv};
pub use options::{
    BackupOptions, CheckOptions, DatabaseOptions, GuardOptions, LintOptions, MigrationsOptions,
    Options,
};
pub use resolve::{
    resolve, CheckSpec, Environment, LaravelProject, Overrides, Settings, UrlSource,
    CONFIG_FILE_NAME,
};
