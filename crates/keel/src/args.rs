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
#[derive(Debug, Clone, Args)]
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
    /// (in a Laravel project: the PHP files against Laravel's `migrations` table)
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
    /// Check migrations for unsafe or lost changes (rules: `keel lint --explain RULE`; keel.toml
    /// [lint] disable turns rules off, [lint] enable turns opt-in rules on); exit 1 on an
    /// error-level finding
    Lint(LintArgs),
    /// Git integration: `keel hook install` writes the pre-commit hook
    #[command(subcommand)]
    Hook(HookCommand),
    /// Take, list, verify, restore, prune and export backups (docs/backups.md)
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Check the data: orphaned foreign-key rows (declared keys, enforced or not), NULLs in
    /// keel.toml [guard] required columns, and the [[check]] assertions; exit 1 naming each
    /// failure (docs/guard.md)
    Check,
    /// Write back the files of applied migrations that are gone, from the difference between
    /// the live schema and the surviving migrations; exit 1 if replaying them does not give
    /// the live schema exactly
    Reconstruct(ReconstructArgs),
    /// The emergency procedure, one guided step at a time: what changed, maintenance on,
    /// safety backup, restore of the backup taken before the last batch, history, check,
    /// maintenance off, incident report. Run it again to finish an interrupted recovery
    Recover(RecoverArgs),
    /// Rehearse the pending migrations on a scratch clone of the database (or of a backup):
    /// up with the data guard, then down, compared with the original; per-migration time and
    /// locks. The database itself is only read; exit 1 when not clean (docs/guard.md)
    Rehearse(RehearseArgs),
    /// Run another tool's migrate command inside keel's safety net: backup, fingerprint of
    /// every table, data guard, journal. Its output and failing exit code pass through; values
    /// it makes disappear are restored from the backup (exit 1) unless --accept-loss
    /// (docs/guard.md). Example: keel run -- php artisan migrate --force
    Run(RunArgs),
    /// The journal's timeline: what keel did to this database, oldest first
    Journal(JournalArgs),
    /// Maintenance mode: in a Laravel application the storage/framework/down file `artisan
    /// down` writes; elsewhere keel.toml [maintenance] on/off commands
    Maintenance(MaintenanceArgs),
    /// Reports built from the journal: `keel report incident` writes the post-mortem
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Args)]
pub(crate) struct RehearseArgs {
    /// Rehearse on this backup of the database instead of a copy of the live database
    #[arg(long, value_name = "ID")]
    pub backup: Option<String>,
    /// age identity file, for an encrypted backup (also KEEL_AGE_IDENTITY)
    #[arg(long, value_name = "FILE")]
    pub identity: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Keep the result even when the data guard finds values that disappeared (they are still
    /// reported and journaled); without it keel restores the backup taken first and exits 1
    #[arg(long)]
    pub accept_loss: bool,
    /// A loss the command is allowed to make: `table` or `table.column` (repeatable); the
    /// command's own files cannot declare it with `-- keel:allows-loss`
    #[arg(long, value_name = "TABLE[.COLUMN]")]
    pub allows_loss: Vec<String>,
    #[command(flatten)]
    pub lock: LockArgs,
    /// The command and its arguments, after `--`
    #[arg(last = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

#[derive(Debug, Args)]
pub(crate) struct RecoverArgs {
    /// Restore this backup instead of the one taken before the last batch
    #[arg(long, value_name = "ID")]
    pub backup: Option<String>,
    /// age identity file, for an encrypted backup (also KEEL_AGE_IDENTITY)
    #[arg(long, value_name = "FILE")]
    pub identity: Option<std::path::PathBuf>,
    /// Where to write the incident report (default: .keel/incidents/incident-TIME.md)
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct MaintenanceArgs {
    /// `on` takes the application down, `off` brings it back
    pub state: OnOff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OnOff {
    /// Maintenance mode on
    On,
    /// Maintenance mode off
    Off,
}

#[derive(Debug, Args)]
pub(crate) struct JournalArgs {
    /// Only events at or after T: an RFC 3339 time, a date (2026-11-22), or an age (30m, 6h, 2d)
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// The incident report as Markdown: what happened, impact, root cause as keel saw it,
    /// resolution with timestamps, prevention items (blanks where a person must judge)
    Incident(ReportIncidentArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ReportIncidentArgs {
    /// Start of the incident: an RFC 3339 time, a date, or an age (30m, 6h, 2d); default: the
    /// start of the command that led to the latest problem in the journal
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Write the report to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ReconstructArgs {
    /// What to write: SQL files in the folder's layout, or Laravel Schema-builder PHP (always
    /// in a Laravel project)
    #[arg(long, value_enum, default_value = "sql")]
    pub style: ReconstructStyle,
    /// Where to write (must be empty or new; default: beside the surviving migrations)
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
    /// Also write the rows of the [guard] protect tables recorded in schema.json (`keel
    /// snapshot`) into the lost migration that seeded or created each table
    #[arg(long)]
    pub reseed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReconstructStyle {
    /// Up and down SQL files in the migrations folder's layout
    Sql,
    /// Laravel migration classes
    Laravel,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BackupCommand {
    /// Take a verified backup now and print its id
    Create(BackupCreateArgs),
    /// Keel backups (and foreign dumps) in the backup folder, oldest first
    List,
    /// Check a backup end to end; exit 1 naming the first problem
    Verify(BackupIdArgs),
    /// Replace the database with a backup (or a foreign dump), after a safety backup; a backup
    /// that does not check out as it loads is refused (exit 1) and nothing changes
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
    /// Migration folders, .sql files or Laravel .php migrations (default: the configured
    /// migrations folder)
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
    /// With --emit: write up and down files into this folder instead of printing (laravel: one
    /// YYYY_MM_DD_HHMMSS_schema_diff.php)
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
    /// (a Laravel project's PHP migrations are read statically, without PHP)
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
    /// Do not take a backup first (warned about; for databases backed up some other way).
    /// Also turns the data guard off: without a backup it cannot undo a loss
    #[arg(long)]
    pub no_backup: bool,
    /// Keep the result even when the data guard finds values that disappeared (they are still
    /// reported and journaled); without it keel restores the pre-migration backup and exits 1
    #[arg(long)]
    pub accept_loss: bool,
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
    /// Do not take a backup first (warned about; for databases backed up some other way).
    /// Also turns the data guard off: without a backup it cannot undo a loss
    #[arg(long)]
    pub no_backup: bool,
    /// Keep the result even when the data guard finds values the down scripts made disappear;
    /// without it keel restores the pre-rollback backup and exits 1
    #[arg(long)]
    pub accept_loss: bool,
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
