use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use keel_driver::DbUrl;

use crate::{ConfigError, Options};

/// The project file's name.
pub const CONFIG_FILE_NAME: &str = "keel.toml";

/// What the command line says about settings (global flags).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--database URL`
    pub database: Option<String>,
    /// `--dir PATH`: the migrations folder.
    pub dir: Option<PathBuf>,
    /// `--config PATH`: the project file, instead of searching upward.
    pub config: Option<PathBuf>,
}

/// The process environment, captured once so that resolution is a pure function of its inputs.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The working directory.
    pub cwd: PathBuf,
    /// Environment variables.
    pub vars: BTreeMap<String, String>,
}

impl Environment {
    /// Captures the current process's working directory and variables.
    pub fn from_process() -> Self {
        Self {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            vars: std::env::vars().collect(),
        }
    }

    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).filter(|v| !v.is_empty()).cloned()
    }
}

/// Where the database URL came from; shown to the user so that surprises are explainable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlSource {
    /// `--database`
    Flag,
    /// `DATABASE_URL`
    EnvVar,
    /// `[database] url` in this file.
    ConfigFile(PathBuf),
    /// A Laravel `.env`.
    LaravelEnv(PathBuf),
    /// Nothing was configured: `sqlite://keel.db`.
    Default,
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlSource::Flag => f.write_str("--database"),
            UrlSource::EnvVar => f.write_str("DATABASE_URL"),
            UrlSource::ConfigFile(p) => write!(f, "{}", p.display()),
            UrlSource::LaravelEnv(p) => write!(f, "{}", p.display()),
            UrlSource::Default => f.write_str("the default"),
        }
    }
}

/// A Laravel application found at the project root (an `artisan` file beside `.env`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaravelProject {
    /// The application's root folder.
    pub root: PathBuf,
}

/// One `[[check]]` assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSpec {
    /// What it asserts.
    pub name: String,
    /// The query.
    pub sql: String,
    /// The expected number.
    pub expect: i64,
}

/// Fully resolved settings: what every command works from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The database to work on.
    pub database: DbUrl,
    /// Where [`Settings::database`] came from.
    pub database_source: UrlSource,
    /// The project root: the folder of keel.toml, of a Laravel app, or the working directory.
    pub root: PathBuf,
    /// The project file, when there is one.
    pub config_file: Option<PathBuf>,
    /// The migrations folder (absolute).
    pub migrations_dir: PathBuf,
    /// The backup folder, which also holds the journal (absolute).
    pub backup_dir: PathBuf,
    /// How many backups prune keeps.
    pub backup_keep: u32,
    /// Age recipient for backup encryption.
    pub encrypt_to: Option<String>,
    /// Protected reference tables.
    pub protect: Vec<String>,
    /// Columns `keel check` requires to hold no NULL (`table.column`).
    pub required: Vec<String>,
    /// Custom integrity assertions.
    pub checks: Vec<CheckSpec>,
    /// Lint rules turned off for the project.
    pub lint_disable: Vec<String>,
    /// Opt-in lint rules turned on for the project.
    pub lint_enable: Vec<String>,
    /// `[maintenance] on` and `off` shell commands, when configured.
    pub maintenance_on: Option<String>,
    /// See `maintenance_on`.
    pub maintenance_off: Option<String>,
    /// The Laravel application, if the project is one.
    pub laravel: Option<LaravelProject>,
}

impl Settings {
    /// The journal file: beside the backups, outside the database, so restoring a database
    /// never rewinds the record of what happened.
    pub fn journal_path(&self) -> PathBuf {
        self.backup_dir.join("journal.jsonl")
    }
}

/// Resolves settings with keel's fixed precedence (see the crate docs).
pub fn resolve(overrides: &Overrides, env: &Environment) -> Result<Settings, ConfigError> {
    let config_file = match &overrides.config {
        Some(path) => {
            let path = absolute(&env.cwd, path);
            if !path.is_file() {
                return Err(ConfigError::ConfigNotFound { path });
            }
            Some(path)
        }
        None => find_upward(&env.cwd, CONFIG_FILE_NAME),
    };
    let options = match &config_file {
        Some(path) => read_options(path)?,
        None => Options::default(),
    };
    let laravel = match &config_file {
        Some(path) => detect_laravel(path.parent().unwrap_or(&env.cwd)),
        None => env.cwd.ancestors().find_map(detect_laravel),
    };
    let root = match (&config_file, &laravel) {
        (Some(path), _) => path.parent().unwrap_or(&env.cwd).to_path_buf(),
        (None, Some(app)) => app.root.clone(),
        (None, None) => env.cwd.clone(),
    };

    let (database, database_source) = if let Some(raw) = &overrides.database {
        (
            parse_url(raw, "--database")?.resolved_against(&env.cwd),
            UrlSource::Flag,
        )
    } else if let Some(raw) = env.var("DATABASE_URL") {
        (
            parse_url(&raw, "DATABASE_URL")?.resolved_against(&env.cwd),
            UrlSource::EnvVar,
        )
    } else if let (Some(db), Some(path)) = (&options.database, &config_file) {
        let origin = format!("{} [database] url", path.display());
        let expanded = expand_env(&db.url, &origin, env)?;
        (
            parse_url(&expanded, &origin)?.resolved_against(&root),
            UrlSource::ConfigFile(path.clone()),
        )
    } else if let Some(app) = &laravel {
        let env_path = app.root.join(".env");
        (
            laravel_url(&env_path, &app.root, env)?,
            UrlSource::LaravelEnv(env_path),
        )
    } else {
        (
            parse_url("sqlite://keel.db", "the default")?.resolved_against(&root),
            UrlSource::Default,
        )
    };

    let migrations_dir = match (
        &overrides.dir,
        options.migrations.as_ref().and_then(|m| m.dir.as_ref()),
    ) {
        (Some(dir), _) => absolute(&env.cwd, dir),
        (None, Some(dir)) => absolute(&root, Path::new(dir)),
        (None, None) if laravel.is_some() => root.join("database").join("migrations"),
        (None, None) => root.join("migrations"),
    };
    let backup = options.backup.unwrap_or_default();
    let guard = options.guard.unwrap_or_default();
    let backup_dir = absolute(
        &root,
        Path::new(backup.dir.as_deref().unwrap_or(".keel/backups")),
    );

    Ok(Settings {
        database,
        database_source,
        root,
        config_file,
        migrations_dir,
        backup_dir,
        backup_keep: backup.keep.unwrap_or(14),
        encrypt_to: backup.encrypt_to,
        protect: guard.protect.unwrap_or_default(),
        required: guard.required.unwrap_or_default(),
        checks: options
            .check
            .unwrap_or_default()
            .into_iter()
            .map(|c| CheckSpec {
                name: c.name,
                sql: c.sql,
                expect: c.expect,
            })
            .collect(),
        lint_disable: options
            .lint
            .as_ref()
            .and_then(|l| l.disable.clone())
            .unwrap_or_default(),
        lint_enable: options.lint.and_then(|l| l.enable).unwrap_or_default(),
        maintenance_on: options.maintenance.as_ref().and_then(|m| m.on.clone()),
        maintenance_off: options.maintenance.as_ref().and_then(|m| m.off.clone()),
        laravel,
    })
}

fn absolute(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

fn find_upward(start: &Path, name: &str) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn detect_laravel(dir: &Path) -> Option<LaravelProject> {
    keel_laravel::env::is_laravel_root(dir).then(|| LaravelProject {
        root: dir.to_path_buf(),
    })
}

fn read_options(path: &Path) -> Result<Options, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })
}

fn parse_url(raw: &str, origin: &str) -> Result<DbUrl, ConfigError> {
    DbUrl::parse(raw).map_err(|source| ConfigError::Url {
        origin: origin.to_string(),
        source,
    })
}

fn expand_env(value: &str, origin: &str, env: &Environment) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let var = &after[..end];
        let value = env.var(var).ok_or_else(|| ConfigError::MissingVariable {
            origin: origin.to_string(),
            var: var.to_string(),
        })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Builds a URL from Laravel's `DB_*` variables (or its `DB_URL`/`DATABASE_URL`).
fn laravel_url(env_path: &Path, root: &Path, env: &Environment) -> Result<DbUrl, ConfigError> {
    keel_laravel::env::connection_url(env_path, root, &|name| env.var(name)).map_err(|e| match e {
        keel_laravel::LaravelError::Read { path, source } => ConfigError::Read { path, source },
        other => ConfigError::Laravel {
            path: env_path.to_path_buf(),
            message: match other {
                keel_laravel::LaravelError::Env { message, .. } => message,
                other => other.to_string(),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_at(cwd: &Path, vars: &[(&str, &str)]) -> Environment {
        Environment {
            cwd: cwd.to_path_buf(),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn default_is_sqlite_keel_db_in_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let s = resolve(&Overrides::default(), &env_at(dir.path(), &[])).unwrap();
        assert_eq!(s.database_source, UrlSource::Default);
        assert_eq!(
            s.database.sqlite_path().unwrap(),
            dir.path().join("keel.db")
        );
        assert_eq!(s.migrations_dir, dir.path().join("migrations"));
        assert_eq!(
            s.journal_path(),
            dir.path().join(".keel/backups/journal.jsonl")
        );
    }

    #[test]
    fn precedence_flag_then_env_then_file_then_laravel() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("artisan"), "<?php");
        write(
            &root.join(".env"),
            "DB_CONNECTION=sqlite\nDB_DATABASE=database/app.sqlite\n",
        );
        let nested = root.join("app/Http");
        std::fs::create_dir_all(&nested).unwrap();

        let laravel = resolve(&Overrides::default(), &env_at(&nested, &[])).unwrap();
        assert!(matches!(laravel.database_source, UrlSource::LaravelEnv(_)));
        assert_eq!(
            laravel.database.sqlite_path().unwrap(),
            root.join("database/app.sqlite")
        );
        assert_eq!(laravel.migrations_dir, root.join("database/migrations"));

        write(
            &root.join("keel.toml"),
            "[database]\nurl = \"sqlite://from-file.db\"\n",
        );
        let file = resolve(&Overrides::default(), &env_at(&nested, &[])).unwrap();
        assert!(matches!(file.database_source, UrlSource::ConfigFile(_)));
        assert_eq!(
            file.database.sqlite_path().unwrap(),
            root.join("from-file.db")
        );

        let from_env = resolve(
            &Overrides::default(),
            &env_at(&nested, &[("DATABASE_URL", "postgres://u:pw@h/db")]),
        )
        .unwrap();
        assert_eq!(from_env.database_source, UrlSource::EnvVar);
        assert_eq!(from_env.database.to_string(), "postgres://u:***@h/db");

        let flag = resolve(
            &Overrides {
                database: Some("mysql://u@h/db".into()),
                ..Default::default()
            },
            &env_at(&nested, &[("DATABASE_URL", "postgres://u:pw@h/db")]),
        )
        .unwrap();
        assert_eq!(flag.database_source, UrlSource::Flag);
        assert_eq!(flag.database.scheme(), "mysql");
    }

    #[test]
    fn laravel_mysql_env_becomes_a_url_with_the_password_hidden() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("artisan"), "");
        write(
            &dir.path().join(".env"),
            "DB_CONNECTION=mysql\nDB_HOST=\"127.0.0.1\" # local\nDB_PORT=3307\nDB_DATABASE=shop\n\
             DB_USERNAME=forge\nDB_PASSWORD=\"p@ss word#1\"\n",
        );
        let s = resolve(&Overrides::default(), &env_at(dir.path(), &[])).unwrap();
        assert_eq!(
            s.database.to_string(),
            "mysql://forge:***@127.0.0.1:3307/shop"
        );
        assert_eq!(s.database.password().as_deref(), Some("p@ss word#1"));
    }

    #[test]
    fn config_paths_are_relative_to_the_file_and_vars_expand() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join("keel.toml"),
            "[database]\nurl = \"postgres://app:${PGPASS}@db/app\"\n[migrations]\ndir = \"db/migrate\"\n\
             [backup]\ndir = \"/var/backups/keel\"\nkeep = 3\n[guard]\nprotect = [\"roles\"]\n\
             [[check]]\nname = \"no orphans\"\nsql = \"SELECT 0\"\nexpect = 0\n",
        );
        let sub = dir.path().join("src");
        std::fs::create_dir_all(&sub).unwrap();
        let s = resolve(&Overrides::default(), &env_at(&sub, &[("PGPASS", "x")])).unwrap();
        assert_eq!(s.migrations_dir, dir.path().join("db/migrate"));
        assert_eq!(s.backup_dir, PathBuf::from("/var/backups/keel"));
        assert_eq!(s.backup_keep, 3);
        assert_eq!(s.protect, vec!["roles".to_string()]);
        assert_eq!(s.checks.len(), 1);
        assert_eq!(s.database.password().as_deref(), Some("x"));

        let missing = resolve(&Overrides::default(), &env_at(&sub, &[])).unwrap_err();
        assert!(missing.to_string().contains("PGPASS"), "{missing}");
    }

    #[test]
    fn a_missing_or_misspelled_key_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join("keel.toml"),
            "[database]\nurll = \"sqlite://x.db\"\n",
        );
        let err = resolve(&Overrides::default(), &env_at(dir.path(), &[])).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("keel.toml"), "{msg}");
        assert!(msg.contains("url"), "{msg}");

        write(
            &dir.path().join("keel.toml"),
            "[[check]]\nname = \"x\"\nexpect = 0\n",
        );
        let err = resolve(&Overrides::default(), &env_at(dir.path(), &[])).unwrap_err();
        assert!(err.to_string().contains("missing field `sql`"), "{err}");
    }

    #[test]
    fn explicit_config_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve(
            &Overrides {
                config: Some("nope.toml".into()),
                ..Default::default()
            },
            &env_at(dir.path(), &[]),
        )
        .unwrap_err();
        assert!(matches!(err, ConfigError::ConfigNotFound { .. }));
    }
}
