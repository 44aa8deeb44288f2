//! keel's migration linter.
//!
//! Migrations are parsed per dialect into keel's own operations ([`ir::Op`]: create/alter/drop
//! table, add/drop/rename column, index and foreign-key changes, data statements with the
//! tables and columns they read and write, transaction control), and each rule — one file
//! under `rules/`, registered once in [`registry::RULES`] — looks at those operations. Laravel
//! PHP migrations are meant to be interpreted into the same operations, so every rule will
//! work on them unchanged: a front end ([`Frontend`], implemented by `keel_laravel`) turns its
//! files into [`ForeignMigration`]s and [`lint_paths_with`] lints them beside SQL ones.
//!
//! SQL is parsed with the `sqlparser` crate (Apache DataFusion's SQL parser): it is the
//! standard, maintained SQL parser for Rust, has real dialects for PostgreSQL, MySQL and
//! SQLite, and gives source spans. Statement boundaries still come from `keel_sql::split`,
//! which knows `DELIMITER` blocks and compound bodies; a statement sqlparser does not
//! understand becomes an opaque `Other` operation, and only text that is not SQL at all is
//! reported (`syntax-error`). The linter never panics on input.
//!
//! ```
//! use keel_lint::{lint_sql, Dialect};
//! let findings = lint_sql("ALTER TABLE photos DROP COLUMN caption;", Dialect::Postgres);
//! assert!(findings.iter().any(|f| f.rule == "destructive-drop"));
//! ```
//!
//! This crate returns findings and renders them into writers ([`render`]); it never prints
//! and never connects to a database. Git facts (`--since`) come from the `git` command.

pub mod docs;
mod engine;
mod finding;
mod git;
pub mod ir;
mod parse;
pub mod registry;
pub mod render;
mod rules;
mod shallow;
mod suppress;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use engine::has_errors;
pub use finding::{Finding, Severity};
pub use git::GitSource;
pub use keel_sql::Dialect;
pub use parse::{expression_reads, parse_script, ParsedScript, StatementInfo, SyntaxError};
pub use registry::{rule, Doc, Rule, RULES};

use engine::{DialectFacts, Down, Run, Script, Unit};
use keel_migrate::layout::Entry;
use keel_migrate::{compare_versions, SourceError};

/// Why linting could not run at all (exit 2), as opposed to findings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LintError {
    /// A migrations folder could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A path does not exist.
    #[error("{path} does not exist; pass a migrations folder, a .sql file or a .php migration")]
    NoSuchPath {
        /// The path.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("could not read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// git failed.
    #[error("{message}")]
    Git {
        /// What happened.
        message: String,
    },
}

/// How to lint.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// The SQL dialect.
    pub dialect: Dialect,
    /// Rule ids turned off for the project (`[lint] disable`).
    pub disable: Vec<String>,
    /// Opt-in rule ids turned on for the project (`[lint] enable`); `disable` wins.
    pub enable: Vec<String>,
    /// Compare migration folders with this git commit (`--since`).
    pub since: Option<String>,
    /// Where the migrations are read from: the working tree, or the index (`--cached`, the
    /// pre-commit hook), in which case the rules and the git comparison both read the staged
    /// files.
    pub git_source: GitSource,
    /// Paths are shown relative to this folder when inside it.
    pub display_base: Option<PathBuf>,
}

impl LintOptions {
    /// The rules that do not run: the disabled ones and the opt-in ones not enabled.
    fn rules_off(&self) -> BTreeSet<String> {
        let mut off: BTreeSet<String> = self.disable.iter().cloned().collect();
        off.extend(
            RULES
                .iter()
                .filter(|r| r.opt_in && !self.enable.iter().any(|e| e == r.id))
                .map(|r| r.id.to_string()),
        );
        off
    }

    /// The ids in `enable` and `disable` that name no rule, for an error that says so.
    pub fn unknown_rules(&self) -> Vec<&str> {
        self.disable
            .iter()
            .chain(&self.enable)
            .map(String::as_str)
            .filter(|id| rule(id).is_none())
            .collect()
    }

    /// Defaults for `dialect`: the default rules, no git.
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            disable: Vec::new(),
            enable: Vec::new(),
            since: None,
            git_source: GitSource::WorkingTree,
            display_base: None,
        }
    }
}

/// A migration another front end has read into operations (Laravel's PHP, by `keel_laravel`).
/// Spans point into the migration's own file.
#[derive(Debug, Clone)]
pub struct ForeignMigration {
    /// Its version, compared like keel's (`2024_01_15_093000` for a Laravel file).
    pub id: String,
    /// What the migration does.
    pub up: ParsedScript,
    /// What undoing it does; `Err` when there is nothing to undo it with (no or an empty
    /// `down()`), with the `missing-down` message and where to point it.
    pub down: Result<ParsedScript, (String, ir::Span)>,
    /// Parts the front end could not follow statically, reported by `opaque-migration`.
    pub opaque: Vec<(ir::Span, String)>,
    /// `table.column`s (or tables) the migration declares it may lose, from the front end's
    /// own comment syntax (Laravel: `// keel:allows-loss photos.caption`).
    pub allows_loss: Vec<String>,
}

/// Reads migration files that are not SQL. keel_lint stays free of their parsers: the front end
/// lives in its own crate and is handed to [`lint_paths_with`].
pub trait Frontend {
    /// Whether a file (by name) is one of this front end's migrations.
    fn claims(&self, file_name: &str) -> bool;
    /// Reads one migration file. Never fails: what cannot be read becomes `opaque`.
    fn read(&self, path: &Path, text: &str, dialect: Dialect) -> ForeignMigration;
}

/// No front end: SQL only.
struct SqlOnly;

impl Frontend for SqlOnly {
    fn claims(&self, _: &str) -> bool {
        false
    }
    fn read(&self, _: &Path, _: &str, _: Dialect) -> ForeignMigration {
        ForeignMigration {
            id: String::new(),
            up: ParsedScript::default(),
            down: Ok(ParsedScript::default()),
            opaque: Vec::new(),
            allows_loss: Vec::new(),
        }
    }
}

/// Findings plus the sources they point into (for rendering).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LintReport {
    /// Findings, sorted by file and position.
    pub findings: Vec<Finding>,
    /// File text by displayed name.
    #[serde(skip)]
    pub sources: BTreeMap<String, String>,
}

impl LintReport {
    /// Whether any finding is an error (exit 1).
    pub fn has_errors(&self) -> bool {
        has_errors(&self.findings)
    }
}

/// Lints one script given as text (a loose file named `migration.sql`).
pub fn lint_sql(text: &str, dialect: Dialect) -> Vec<Finding> {
    lint_text("migration.sql", text, &LintOptions::new(dialect)).findings
}

/// Lints one loose script named `file`.
pub fn lint_text(file: &str, text: &str, options: &LintOptions) -> LintReport {
    let unit = loose_unit(file, text, PathBuf::from(file), options.dialect);
    finish(vec![unit], None, options)
}

fn loose_unit(file: &str, text: &str, path: PathBuf, dialect: Dialect) -> Unit {
    let no_tx = keel_migrate::Directives::parse(text).no_transaction;
    Unit {
        id: String::new(),
        up_path: path,
        up: Script::new(file.into(), text.into(), text, 1, no_tx, dialect),
        down: Down::NotApplicable,
        opaque: Vec::new(),
    }
}

fn finish(units: Vec<Unit>, git: Option<git::GitFacts>, options: &LintOptions) -> LintReport {
    let run = Run {
        facts: DialectFacts::of(options.dialect),
        units,
        git,
    };
    let findings = engine::run_rules(&run, &options.rules_off());
    // The texts move into the report: the parsed migrations are not needed any more.
    let mut sources = BTreeMap::new();
    for u in run.units {
        if let Down::Script(d) = u.down {
            sources.entry(d.file).or_insert(d.file_text);
        }
        sources.insert(u.up.file, u.up.file_text);
    }
    LintReport { findings, sources }
}

pub(crate) fn display(path: &Path, base: Option<&Path>) -> String {
    base.and_then(|b| path.strip_prefix(b).ok())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Lints migration folders and loose `.sql` files.
pub fn lint_paths(paths: &[PathBuf], options: &LintOptions) -> Result<LintReport, LintError> {
    lint_paths_with(paths, options, &SqlOnly)
}

/// A migration read by `frontend`, as the engine sees it. `shown` is the displayed file name,
/// `real` the path compared with git.
fn foreign_unit(
    frontend: &dyn Frontend,
    read_from: &Path,
    real: PathBuf,
    base: Option<&Path>,
    text: String,
    dialect: Dialect,
) -> Unit {
    let m = frontend.read(read_from, &text, dialect);
    let shown = display(&real, base);
    let script = |parsed: ParsedScript| Script {
        file: shown.clone(),
        file_text: text.clone(),
        parsed,
        no_transaction: false,
        allows_loss: m.allows_loss.clone(),
    };
    let down = match m.down {
        // The down steps live in the same file: one suppression table covers both.
        Ok(parsed) => Down::Script(script(parsed)),
        Err((message, span)) => Down::Lacking { message, span },
    };
    Unit {
        id: m.id,
        up_path: real,
        up: script(m.up),
        down,
        opaque: m.opaque,
    }
}

/// Lints migration folders and loose files, SQL and what `frontend` claims (a Laravel
/// project's `.php` migrations). A folder holding any file the front end claims is read by it.
pub fn lint_paths_with(
    paths: &[PathBuf],
    options: &LintOptions,
    frontend: &dyn Frontend,
) -> Result<LintReport, LintError> {
    let base = options
        .display_base
        .as_ref()
        .map(|b| b.canonicalize().unwrap_or_else(|_| b.clone()));
    let mut units = Vec::new();
    let mut facts: Option<git::GitFacts> = None;
    for path in paths {
        if !path.exists() {
            return Err(LintError::NoSuchPath { path: path.clone() });
        }
        let path = path.canonicalize().map_err(|source| LintError::Read {
            path: path.clone(),
            source,
        })?;
        if path.is_dir() {
            // With --cached (the pre-commit hook) the rules read the staged files, not the
            // working tree: a fix that is not staged does not make the commit safe.
            let index = match options.git_source {
                GitSource::Index => Some(git::IndexCopy::of(&path)?),
                GitSource::WorkingTree => None,
            };
            let load = |dir: &Path, real: &dyn Fn(&Path) -> PathBuf| {
                if list(dir)?
                    .iter()
                    .any(|e| !e.is_dir && frontend.claims(&e.name))
                {
                    load_foreign_folder(dir, real, base.as_deref(), options.dialect, frontend)
                } else {
                    load_folder(dir, real, base.as_deref(), options.dialect)
                }
            };
            match &index {
                Some(copy) => {
                    let staged = copy.dir();
                    if staged.is_dir() {
                        units.extend(load(&staged, &|p| copy.real(p))?);
                    }
                }
                None => units.extend(load(&path, &Path::to_path_buf)?),
            }
            if let Some(since) = &options.since {
                let mut f = git::collect(&path, since, options.git_source, index.as_ref())?;
                f.display_base = base.clone();
                match &mut facts {
                    Some(all) => {
                        all.committed.extend(f.committed);
                        all.now.extend(f.now);
                    }
                    None => facts = Some(f),
                }
            }
        } else {
            let staged = match options.git_source {
                GitSource::Index => git::staged_text(&path),
                GitSource::WorkingTree => None,
            };
            let text = match staged {
                Some(text) => text,
                None => std::fs::read_to_string(&path).map_err(|source| LintError::Read {
                    path: path.clone(),
                    source,
                })?,
            };
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if frontend.claims(&name) {
                units.push(foreign_unit(
                    frontend,
                    &path,
                    path.clone(),
                    base.as_deref(),
                    text,
                    options.dialect,
                ));
                continue;
            }
            let shown = display(&path, base.as_deref());
            units.push(loose_unit(&shown, &text, path.clone(), options.dialect));
        }
    }
    let mut report = finish(units, facts, options);
    // Git findings name files relative to the display base too.
    if let Some(b) = &base {
        for f in &mut report.findings {
            if let Ok(rel) = Path::new(&f.file).strip_prefix(b) {
                f.file = rel.to_string_lossy().replace('\\', "/");
            }
        }
    }
    Ok(report)
}

fn list(dir: &Path) -> Result<Vec<Entry>, LintError> {
    let read = std::fs::read_dir(dir).map_err(|source| LintError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<Entry> = read
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| Entry {
            name: e.file_name().to_string_lossy().into_owned(),
            is_dir: e.path().is_dir(),
            path: e.path(),
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// Loads a folder one migration at a time, so that duplicate versions and missing down files
/// become findings instead of stopping the load. Files are read from `dir`; `real` gives the
/// path each one is shown and compared under (they differ for the staged copy of `--cached`).
fn load_folder(
    dir: &Path,
    real: &dyn Fn(&Path) -> PathBuf,
    base: Option<&Path>,
    dialect: Dialect,
) -> Result<Vec<Unit>, LintError> {
    let layout = keel_migrate::layout::detect(dir)?;
    let entries = list(dir)?;
    let mut units: Vec<Unit> = Vec::new();
    for entry in entries.iter().filter(|e| layout.claims(e)) {
        match layout.load(&[entry]) {
            Ok(migrations) => {
                for m in migrations {
                    let up_path = real(&m.up.path);
                    if units.iter().any(|u| u.up_path == up_path) {
                        continue;
                    }
                    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
                    let up = Script::new(
                        display(&up_path, base),
                        read(&m.up.path),
                        &m.up.text,
                        m.up.first_line,
                        m.up.wants_no_transaction(),
                        dialect,
                    );
                    let down = Script::new(
                        display(&real(&m.down.path), base),
                        read(&m.down.path),
                        &m.down.text,
                        m.down.first_line,
                        m.down.wants_no_transaction(),
                        dialect,
                    );
                    units.push(Unit {
                        id: m.id.clone(),
                        up_path,
                        up,
                        down: Down::Script(down),
                        opaque: Vec::new(),
                    });
                }
            }
            Err(SourceError::MissingDown { up, expected }) => {
                let text = std::fs::read_to_string(&up).map_err(|source| LintError::Read {
                    path: up.clone(),
                    source,
                })?;
                let id = entry
                    .name
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect::<String>();
                let no_tx = keel_migrate::Directives::parse(&text).no_transaction;
                let shown = real(&up);
                units.push(Unit {
                    id: id.trim_start_matches(['V', 'v']).to_string(),
                    up: Script::new(
                        display(&shown, base),
                        text.clone(),
                        &text,
                        1,
                        no_tx,
                        dialect,
                    ),
                    up_path: shown,
                    down: Down::Missing(display(&real(&expected), base)),
                    opaque: Vec::new(),
                });
            }
            // A lone down file: its up is missing; not a lint matter, `keel status` says so.
            Err(SourceError::MissingUp { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    units.sort_by(|a, b| compare_versions(&a.id, &b.id).then_with(|| a.up.file.cmp(&b.up.file)));
    Ok(units)
}

/// Loads a folder of a front end's migrations (every file it claims, in name order: Laravel
/// runs its migrations by file name). Reading never stops the load: what a file does not say
/// clearly becomes a finding.
fn load_foreign_folder(
    dir: &Path,
    real: &dyn Fn(&Path) -> PathBuf,
    base: Option<&Path>,
    dialect: Dialect,
    frontend: &dyn Frontend,
) -> Result<Vec<Unit>, LintError> {
    let mut units = Vec::new();
    for entry in list(dir)?
        .iter()
        .filter(|e| !e.is_dir && frontend.claims(&e.name))
    {
        let bytes = std::fs::read(&entry.path).map_err(|source| LintError::Read {
            path: entry.path.clone(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        units.push(foreign_unit(
            frontend,
            &entry.path,
            real(&entry.path),
            base,
            text,
            dialect,
        ));
    }
    Ok(units)
}
