//! A Laravel project's `database/migrations` folder as keel migrations.

use std::path::{Path, PathBuf};

use keel_migrate::{Migration, Script};
use keel_sql::Dialect;

use crate::compile::{Compiler, ConnectionConfig, Statement};
use crate::ir::MigrationIr;
use crate::{php, LaravelError};

/// One PHP migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaravelFile {
    /// The file name without `.php`: what Laravel records in `migrations.migration`.
    pub id: String,
    /// The descriptive part (`create_users_table`).
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl LaravelFile {
    /// keel's checksum of the PHP source, kept in `keel_checksums`.
    pub fn checksum(&self) -> String {
        keel_migrate::checksum(&self.text)
    }
}

/// Laravel's migration name without its `YYYY_MM_DD_HHMMSS_` prefix.
pub fn descriptive_name(id: &str) -> String {
    let parts: Vec<&str> = id.splitn(5, '_').collect();
    if parts.len() == 5
        && parts[..4]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        parts[4].to_string()
    } else {
        id.to_string()
    }
}

/// Reads every `*.php` migration of `dir` in Laravel's order (by file name).
pub fn load(dir: &Path) -> Result<Vec<LaravelFile>, LaravelError> {
    let read = std::fs::read_dir(dir).map_err(|source| LaravelError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in read {
        let entry = entry.map_err(|source| LaravelError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // Laravel's migrator globs `*_*.php`.
        let Some(id) = file_name.strip_suffix(".php") else {
            continue;
        };
        if !id.contains('_') || file_name.starts_with('.') || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|source| LaravelError::Read {
            path: path.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            LaravelError::NotUtf8 {
                path: path.clone(),
                line: e.as_bytes()[..valid]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1,
            }
        })?;
        files.push(LaravelFile {
            id: id.to_string(),
            name: descriptive_name(id),
            path,
            text,
        });
    }
    files.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(files)
}

/// The files as keel migrations for history and status: the PHP source is the "script" and
/// its checksum the one recorded. These are never run.
pub fn for_status(files: &[LaravelFile]) -> Vec<Migration> {
    files
        .iter()
        .map(|f| {
            let script = Script {
                path: f.path.clone(),
                text: f.text.clone(),
                first_line: 1,
                no_transaction: false,
            };
            Migration::new(f.id.clone(), f.name.clone(), script.clone(), script)
        })
        .collect()
}

/// A migration read and compiled for one driver.
#[derive(Debug)]
pub struct Compiled {
    /// The file.
    pub file: LaravelFile,
    /// What it says.
    pub ir: MigrationIr,
    /// The SQL of `up()`.
    pub up: Vec<Statement>,
    /// The SQL of `down()`, compiled against the schema right after `up()`; an error when
    /// `down()` cannot be followed statically, which only matters when undoing.
    pub down: Result<Vec<Statement>, LaravelError>,
}

/// Reads every file and compiles it for `dialect`, in order. Anything keel cannot follow in
/// any file is reported together, so one run names every place to fix.
pub fn compile(
    files: &[LaravelFile],
    dialect: Dialect,
    config: &ConnectionConfig,
) -> Result<Vec<Compiled>, LaravelError> {
    let mut irs = Vec::with_capacity(files.len());
    let mut opaque = Vec::new();
    for file in files {
        let ir = php::read_migration(&file.path, &file.text)?;
        opaque.extend(ir.opaque.iter().cloned());
        irs.push(ir);
    }
    if !opaque.is_empty() {
        return Err(LaravelError::Opaque(opaque));
    }
    let mut compiler = Compiler::new(dialect, config.clone());
    let mut out = Vec::with_capacity(files.len());
    for (file, ir) in files.iter().zip(irs) {
        let up = compiler.compile(&file.path, &ir.up)?;
        let down = match &ir.down {
            _ if !ir.down_opaque.is_empty() => Err(LaravelError::Opaque(ir.down_opaque.clone())),
            Some(steps) => compiler.clone().compile(&file.path, steps),
            None => Ok(Vec::new()),
        };
        out.push(Compiled {
            file: file.clone(),
            ir,
            up,
            down,
        });
    }
    Ok(out)
}

fn script(path: &Path, statements: &[Statement]) -> Script {
    let mut text = String::new();
    for s in statements {
        text.push_str(&format!("-- {}:{}\n{};\n", path.display(), s.line, s.sql));
    }
    Script {
        path: path.to_path_buf(),
        text,
        first_line: 1,
        no_transaction: false,
    }
}

/// Compiled migrations as SQL migrations keel can replay; the checksum stays the PHP file's.
pub fn to_migrations(compiled: &[Compiled]) -> Vec<Migration> {
    compiled
        .iter()
        .map(|c| {
            let mut m = Migration::new(
                c.file.id.clone(),
                c.file.name.clone(),
                script(&c.file.path, &c.up),
                match &c.down {
                    Ok(down) => script(&c.file.path, down),
                    Err(e) => Script {
                        path: c.file.path.clone(),
                        text: format!(
                            "-- down() cannot be replayed statically:\n-- {}\n",
                            e.to_string().replace('\n', "\n-- ")
                        ),
                        first_line: 1,
                        no_transaction: false,
                    },
                },
            );
            m.checksum = c.file.checksum();
            m
        })
        .collect()
}

/// Reads, compiles and converts in one go: what `verify --against migrations` and `diff`
/// replay into a scratch database.
pub fn replayable(
    dir: &Path,
    dialect: Dialect,
    config: &ConnectionConfig,
) -> Result<Vec<Migration>, LaravelError> {
    let files = load(dir)?;
    Ok(to_migrations(&compile(&files, dialect, config)?))
}
