use std::path::Path;

use super::{read_text, version_and_name, Entry, Layout, NewFile};
use crate::{Migration, Script, SourceError};

/// diesel's layout: a folder `<version>_<name>/` holding `up.sql` and `down.sql`, where the
/// version is a timestamp like `2024-01-31-120000`. The id keel records is its digits, as
/// diesel's own history table does.
#[derive(Debug)]
pub struct DieselLayout;

fn parse(name: &str) -> Option<(&str, &str)> {
    version_and_name(name, |c| c.is_ascii_digit() || c == '-')
}

impl Layout for DieselLayout {
    fn name(&self) -> &'static str {
        "diesel"
    }

    fn tool_history_tables(&self) -> &'static [&'static str] {
        &["__diesel_schema_migrations"]
    }

    fn claims(&self, entry: &Entry) -> bool {
        entry.is_dir && parse(&entry.name).is_some()
    }

    fn load(&self, entries: &[&Entry]) -> Result<Vec<Migration>, SourceError> {
        let mut migrations = Vec::new();
        for entry in entries {
            let Some((version, name)) = parse(&entry.name) else {
                continue;
            };
            let up_path = entry.path.join("up.sql");
            let down_path = entry.path.join("down.sql");
            if !up_path.exists() {
                return Err(SourceError::MissingUp {
                    down: down_path,
                    expected: up_path,
                });
            }
            if !down_path.exists() {
                return Err(SourceError::MissingDown {
                    up: up_path,
                    expected: down_path,
                });
            }
            let metadata = entry.path.join("metadata.toml");
            let no_transaction = metadata.exists()
                && read_text(&metadata)?
                    .lines()
                    .any(|l| l.replace(' ', "") == "run_in_transaction=false");
            let id: String = version.chars().filter(char::is_ascii_digit).collect();
            migrations.push(Migration::new(
                id,
                name.to_string(),
                Script {
                    text: read_text(&up_path)?,
                    path: up_path,
                    first_line: 1,
                    no_transaction,
                },
                Script {
                    text: read_text(&down_path)?,
                    path: down_path,
                    first_line: 1,
                    no_transaction,
                },
            ));
        }
        Ok(migrations)
    }

    fn files(&self, dir: &Path, version: &str, name: &str, up: &str, down: &str) -> Vec<NewFile> {
        let folder = if version.len() == 14 {
            format!(
                "{}-{}-{}-{}_{name}",
                &version[..4],
                &version[4..6],
                &version[6..8],
                &version[8..]
            )
        } else {
            format!("{version}_{name}")
        };
        ["up", "down"]
            .iter()
            .map(|d| NewFile {
                path: dir.join(&folder).join(format!("{d}.sql")),
                contents: if *d == "up" { up } else { down }.to_string(),
            })
            .collect()
    }
}
