//! What every command starts from: resolved settings, the journal, and — when needed — a
//! connection and the migrations folder.

use anyhow::{Context as _, Result};
use keel_config::{resolve, Environment, Overrides, Settings};
use keel_driver::Connection;
use keel_journal::{Event, Journal};
use keel_migrate::{layout, MigrationSet};

use crate::args::GlobalArgs;
use crate::drivers;

pub(crate) struct Context {
    pub settings: Settings,
    pub journal: Journal,
    pub command: &'static str,
}

impl Context {
    pub fn new(global: &GlobalArgs, command: &'static str) -> Result<Self> {
        let overrides = Overrides {
            database: global.database.clone(),
            dir: global.dir.clone(),
            config: global.config.clone(),
        };
        let settings = resolve(&overrides, &Environment::from_process())?;
        let journal = Journal::new(settings.journal_path());
        Ok(Self {
            settings,
            journal,
            command,
        })
    }

    pub fn connect(&self) -> Result<Box<dyn Connection>> {
        drivers::connect(&self.settings.database).with_context(|| {
            format!(
                "the database URL came from {}; check that the server is running and the URL is right",
                self.settings.database_source
            )
        })
    }

    pub fn migrations(&self) -> Result<MigrationSet> {
        let dir = &self.settings.migrations_dir;
        if let Some(dir) = self.laravel_migrations_dir() {
            anyhow::bail!(
                "{} holds a Laravel application's PHP migrations: keel reads them for status, verify, diff and snapshot, \
                 and runs them with `php artisan` (keel migrate, keel rollback, keel run; see docs/laravel.md)",
                dir.display()
            );
        }
        if !dir.is_dir() {
            anyhow::bail!(
                "the migrations folder {} does not exist; run `keel init` to create it, or point --dir or keel.toml [migrations] dir at yours",
                dir.display()
            );
        }
        Ok(layout::load(dir)?)
    }

    /// The migrations folder of a Laravel project, whose PHP migrations keel reads
    /// statically; `None` for every other project.
    pub fn laravel_migrations_dir(&self) -> Option<&std::path::Path> {
        let app = self.settings.laravel.as_ref()?;
        let dir = self.settings.migrations_dir.as_path();
        // A keel.toml inside a Laravel app may point keel at a folder of SQL migrations.
        let php = dir == app.root.join("database").join("migrations")
            || std::fs::read_dir(dir).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".php"))
            });
        php.then_some(dir)
    }

    /// The migrations as SQL for `dialect`, ready to replay into a scratch database: a
    /// Laravel project's PHP compiled statically, any other project's files as they are.
    pub fn replayable_migrations(
        &self,
        dialect: keel_sql::Dialect,
    ) -> Result<Vec<keel_migrate::Migration>> {
        match self.laravel_migrations_dir() {
            Some(dir) => keel_laravel::source::replayable(
                dir,
                dialect,
                &keel_laravel::compile::ConnectionConfig::default(),
            )
            .with_context(|| {
                format!(
                    "keel reads the Laravel migrations in {} without PHP",
                    dir.display()
                )
            }),
            None => Ok(self.migrations()?.migrations),
        }
    }

    /// Appends a journal event. Failing to journal stops the command: keel never changes a
    /// database without a record of it.
    pub fn journal(&self, event: &str, details: serde_json::Value) -> Result<()> {
        self.journal
            .append(
                &Event::new(self.command, &self.settings.database.to_string(), event).with(details),
            )
            .context("keel records every change in its journal and will not proceed without it")
    }
}

/// `user@host`, recorded in history as who applied a migration.
pub(crate) fn applied_by() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host}")
}
