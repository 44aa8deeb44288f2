use std::fs;

use anyhow::{Context as _, Result};
use keel_config::{resolve, Environment, Overrides, CONFIG_FILE_NAME};

use crate::args::GlobalArgs;
use crate::output::Output;
use crate::ExitStatus;

const TEMPLATE: &str = r#"# keel project file. Every key is optional; see `keel --help`.

[database]
# DATABASE_URL and --database override this. ${VAR} is read from the environment,
# so the password need not be written here.
url = "__URL__"

[migrations]
dir = "__DIR__"

[backup]
dir = ".keel/backups"   # also holds the journal
keep = 14

# [guard]
# protect = ["default_roles", "system_settings"]

# [[check]]
# name = "every photo belongs to a post"
# sql = "SELECT count(*) FROM photos WHERE post_id IS NULL"
# expect = 0
"#;

pub(crate) fn run(global: &GlobalArgs, out: &Output) -> Result<ExitStatus> {
    let env = Environment::from_process();
    let overrides = Overrides {
        database: global.database.clone(),
        dir: global.dir.clone(),
        config: global.config.clone(),
    };
    let existing = resolve(&overrides, &env)?;
    let root = env.cwd.clone();
    let config_path = global
        .config
        .clone()
        .unwrap_or_else(|| root.join(CONFIG_FILE_NAME));
    let mut created = Vec::new();

    if let Some(app) = &existing.laravel {
        out.line(format!(
            "Laravel project detected at {}: keel reads the connection from .env and migrations from database/migrations.",
            app.root.display()
        ));
    }
    if config_path.exists() {
        out.line(format!(
            "{} already exists; left unchanged.",
            config_path.display()
        ));
    } else if existing.laravel.is_none() {
        let dir = existing
            .migrations_dir
            .strip_prefix(&root)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| existing.migrations_dir.display().to_string());
        // The password never goes into the file: it becomes a ${VAR} reference.
        let url = match &global.database {
            None => "sqlite://keel.db".to_string(),
            Some(_) if existing.database.password().is_some() => {
                out.line("The password is not written to keel.toml: set KEEL_DB_PASSWORD in the environment.");
                existing
                    .database
                    .to_string()
                    .replacen("***", "${KEEL_DB_PASSWORD}", 1)
            }
            Some(raw) => raw.clone(),
        };
        let text = TEMPLATE.replace("__URL__", &url).replace("__DIR__", &dir);
        fs::write(&config_path, text)
            .with_context(|| format!("cannot write {}", config_path.display()))?;
        created.push(config_path.display().to_string());
    }
    let dir = &existing.migrations_dir;
    if !dir.exists() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        created.push(format!("{}/", dir.display()));
    }
    for path in &created {
        out.line(format!("created {path}"));
    }
    if created.is_empty() && existing.laravel.is_none() {
        out.line("Nothing to do: the project is already set up.");
    } else {
        out.line("Next: `keel new NAME` writes a migration, `keel migrate` applies it.");
    }
    out.report(&serde_json::json!({ "created": created }));
    Ok(ExitStatus::Success)
}
