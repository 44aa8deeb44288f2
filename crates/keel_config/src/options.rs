use serde::Deserialize;

/// The contents of `keel.toml`. Every table and key is optional; unknown keys are errors, so
/// that a typo never silently falls back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// `[database]`
    pub database: Option<DatabaseOptions>,
    /// `[migrations]`
    pub migrations: Option<MigrationsOptions>,
    /// `[backup]`
    pub backup: Option<BackupOptions>,
    /// `[guard]`
    pub guard: Option<GuardOptions>,
    /// `[[check]]`
    pub check: Option<Vec<CheckOptions>>,
    /// `[lint]`
    pub lint: Option<LintOptions>,
    /// `[maintenance]`
    pub maintenance: Option<MaintenanceOptions>,
}

/// `[database]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseOptions {
    /// Connection URL, e.g. `postgres://app@127.0.0.1/app`. `${VAR}` references are expanded
    /// from the environment, so the password need not live in the file. Required when the
    /// table is present. `DATABASE_URL` and `--database` override it.
    pub url: String,
}

/// `[migrations]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationsOptions {
    /// Folder of migration files, relative to keel.toml. Default: `migrations`
    /// (`database/migrations` in a Laravel project). The layout inside is auto-detected.
    pub dir: Option<String>,
}

/// `[backup]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupOptions {
    /// Folder for backups and the journal, relative to keel.toml. Default: `.keel/backups`.
    pub dir: Option<String>,
    /// How many backups `keel backup prune` keeps. Default: 14.
    pub keep: Option<u32>,
    /// An age recipient (`age1…`) to encrypt backups to. Default: none (not encrypted).
    pub encrypt_to: Option<String>,
}

/// `[guard]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardOptions {
    /// Reference tables whose rows are snapshotted and verified, e.g. `["default_roles"]`.
    pub protect: Option<Vec<String>>,
    /// Columns that must never hold NULL even where the schema allows it (NOT NULL by intent),
    /// as `table.column`; `keel check` counts the NULLs in each, e.g. `["photos.post_id"]`.
    /// Default: none.
    pub required: Option<Vec<String>>,
}

/// One `[[check]]`: a custom integrity assertion run by `keel check`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckOptions {
    /// What the check asserts, in words.
    pub name: String,
    /// A query returning one number.
    pub sql: String,
    /// The number the query must return.
    pub expect: i64,
}

/// `[lint]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintOptions {
    /// Rule ids to turn off for the whole project.
    pub disable: Option<Vec<String>>,
    /// Opt-in rule ids to turn on for the whole project (`disable` wins).
    pub enable: Option<Vec<String>>,
}

/// `[maintenance]`: how `keel maintenance on|off` (and `keel recover`) take the application
/// down outside Laravel, where keel writes Laravel's own `storage/framework/down` file instead.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceOptions {
    /// Shell command that puts the application into maintenance mode.
    pub on: Option<String>,
    /// Shell command that brings it back.
    pub off: Option<String>,
}
