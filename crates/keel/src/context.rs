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
        if !dir.is_dir() {
            anyhow::bail!(
                "the migrations folder {} does not exist; run `keel init` to create it, or point --dir or keel.toml [migrations] dir at yours",
                dir.display()
            );
        }
        Ok(layout::load(dir)?)
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
