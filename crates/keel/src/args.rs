//! Command-line arguments (clap only; resolution into settings happens in `context`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// keel: database schema migrations that cannot be lost and are safe to undo.
///
/// Works on SQLite (embedded, the default), PostgreSQL and MySQL/MariaDB. The database comes
/// from --database, else DATABASE_URL, else keel.toml (searched upward), else a Laravel .env,
/// else sqlite://keel.db.
#[derive(Debug, Parser)]
#[command(name = "keel", version, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Database URL: sqlite://FILE, postgres://USER@HOST/DB or mysql://USER@HOST/DB
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Migrations folder (default: from keel.toml, else ./migrations)
    #[arg(long, global = true, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Project file to use instead of searching upward for keel.toml
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Answer yes to every question (also implied when standard input is not a terminal)
    #[arg(long, global = true)]
    pub yes: bool,
    /// More detail
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Only errors and results
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// No colors (also NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people
    Human,
    /// For scripts
    Json,
    /// SARIF 2.1.0 (keel lint only)
    Sarif,
    /// GitHub Actions workflow commands (keel lint only)
    Github,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write keel.toml and the migrations folder (detects Laravel projects)
    Init,
    /// Create a new migration in the folder's layout
    New(NewArgs),
    /// Compare history with the migration files; exit 1 if any is missing, modified or failed
    Status,
    /// Apply pending migrations as one batch
    Migrate(MigrateArgs),
    /// Undo migrations with their down scripts, newest first (default: the last batch)
    Rollback(RollbackArgs),
    /// Record migrations as applied without running them (history only)
    MarkApplied(MarkAppliedArgs),
    /// Forget migrations: remove them from history without running anything
    MarkPending(MarkPendingArgs),
    /// Write the canonical schema (and protected rows) to schema.json
    Snapshot(SnapshotArgs),
    /// Compare the live schema with schema.json, or with the migrations replayed into a
    /// scratch database; exit 1 on drift
    Verify(VerifyArgs),
    /// Compare two schemas (each a database URL, a snapshot file, or `migrations`); exit 1
    /// when they differ
    Diff(DiffArgs),
    /// Check migrations for unsafe or lost changes (rules: `keel lint --explain RULE`); exit 1
    /// on an error-level finding
    Lint(LintArgs),
    /// Git integration: `keel hook install` writes the pre-commit hook
    #[command(subcommand)]
    Hook(HookCommand),
    /// Take, list, verify, restore, prune and export backups (docs/backups.md)
    #[command(subcommand)]
    Backup(BackupCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum BackupCommand {
    /// Take a verified backup now and print its id
    Create(BackupCreateArgs),
    /// Keel backups (and foreign dumps) in the backup folder, oldest first
    List,
    /// Check a backup end to end; exit 1 naming the first problem
    Verify(BackupIdArgs),
    /// Replace the database with a backup (or a foreign dump), after a safety backup
    Restore(BackupIdArgs),
    /// Remove old backups: keeps [backup] keep newest, and always the newest verified one
    Prune(BackupPruneArgs),
    /// Write a backup as a plain SQL script for the engine's own client
    Export(BackupExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BackupCreateArgs {
    /// Why (becomes part of the name)
    #[arg(long, value_name = "R", default_value = "manual")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub(crate) struct BackupIdArgs {
    /// Backup id, unique prefix of one, or a path (foreign dumps too, for restore)
    pub id: String,
    /// age identity file for encrypted backups (also KEEL_AGE_IDENTITY)
    #[arg(long, value_name = "FILE", env = "KEEL_AGE_IDENTITY")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BackupPruneArgs {
    /// Show what would be removed, remove nothing
    #[arg(long)]
    pub dry_run: bool,
    /// How many to keep (default: [backup] keep, else 14)
    #[arg(long, value_name = "N")]
    pub keep: Option<u32>,
    /// age identity file, to verify encrypted backups deeply (also KEEL_AGE_IDENTITY)
    #[arg(long, value_name = "FILE", env = "KEEL_AGE_IDENTITY")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BackupExportArgs {
    /// Backup id, unique prefix of one, or a path
    pub id: String,
    /// Plain SQL (the only export format)
    #[arg(long, required = true)]
    pub sql: bool,
    /// Write here instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// age identity file for encrypted backups (also KEEL_AGE_IDENTITY)
    #[arg(long, value_name = "FILE", env = "KEEL_AGE_IDENTITY")]
    pub identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Migration folders or .sql files (default: the configured migrations folder)
    pub paths: Vec<PathBuf>,
    /// SQL dialect (default: the configured database URL's scheme; nothing is connected)
    #[arg(long, value_name = "sqlite|postgres|mysql")]
    pub dialect: Option<String>,
    /// Compare with this git commit: committed migrations that are now deleted, renamed or
    /// edited are errors, new ones must be newer than the committed ones
    #[arg(long, value_name = "GITREF")]
    pub since: Option<String>,
    /// Print a rule's documentation with a bad and a good example
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// With --since: compare the staged files (the index) instead of the working tree
    #[arg(long, hide = true)]
    pub cached: bool,
    /// Write docs/rules/*.md (generated from the rules' own docs) into DIR
    #[arg(long, hide = true, value_name = "DIR")]
    pub write_docs: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum HookCommand {
    /// Write .git/hooks/pre-commit: block deleting or editing committed migrations and lint
    /// staged ones (an existing hook keeps running)
    Install,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The starting schema: a URL, a snapshot file, or `migrations`
    pub from: String,
    /// The target schema: a URL, a snapshot file, or `migrations`
    pub to: String,
    /// Write the migration that turns FROM into TO (sql or laravel)
    #[arg(long, value_name = "sql|laravel")]
    pub emit: Option<String>,
    /// With --emit: write up and down files into this folder instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A table was renamed, not dropped and created: OLD=NEW (repeatable)
    #[arg(long, value_name = "OLD=NEW")]
    pub rename_table: Vec<String>,
    /// A column was renamed, not dropped and added: TABLE.OLD=NEW (repeatable)
    #[arg(long, value_name = "TABLE.OLD=NEW")]
    pub rename_column: Vec<String>,
    /// An index was renamed, not dropped and created: TABLE.OLD=NEW (repeatable)
    #[arg(long, value_name = "TABLE.OLD=NEW")]
    pub rename_index: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SnapshotArgs {
    /// Where to write (default: schema.json at the project root)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// A snapshot file (default schema.json), or `migrations` to replay the migrations folder
    #[arg(long, value_name = "FILE|migrations")]
    pub against: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What the migration does, e.g. add_revoked_at_to_device_tokens
    pub name: String,
}

#[derive(Debug, Args)]
pub(crate) struct LockArgs {
    /// Seconds to wait for another keel runner working on the same database
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub lock_timeout: u64,
}

#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// Stop after this migration id (inclusive)
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,
    /// Print the SQL that would run, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not take a backup first (warned about; for databases backed up some other way)
    #[arg(long)]
    pub no_backup: bool,
    /// Migrate even though applied migrations have no file
    #[arg(long)]
    pub allow_missing: bool,
    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
#[group(id = "target", multiple = false)]
pub(crate) struct RollbackArgs {
    /// Undo the newest N migrations
    #[arg(long, value_name = "N", group = "target")]
    pub step: Option<usize>,
    /// Undo every migration of batch N
    #[arg(long, value_name = "N", group = "target")]
    pub batch: Option<i64>,
    /// Undo everything applied after ID; ID stays applied
    #[arg(long, value_name = "ID", group = "target")]
    pub to: Option<String>,
    /// Undo every migration
    #[arg(long, group = "target")]
    pub all: bool,
    /// Do not take a backup first (warned about; for databases backed up some other way)
    #[arg(long)]
    pub no_backup: bool,
    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub(crate) struct MarkAppliedArgs {
    /// Migration ids
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub ids: Vec<String>,
    /// Every pending migration
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
pub(crate) struct MarkPendingArgs {
    /// Migration ids
    #[arg(required = true)]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub lock: LockArgs,
}
