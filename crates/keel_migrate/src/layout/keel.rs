use std::path::Path;

use super::{read_text, version_and_name, Entry, Layout, NewFile};
use crate::{Migration, Script, SourceError};

/// keel's own layout: `<version>_<name>.up.sql` beside `<version>_<name>.down.sql`.
#[derive(Debug)]
pub struct KeelLayout;

fn parse(name: &str) -> Option<(&str, &str, &'static str)> {
    let (stem, direction) = if let Some(stem) = name.strip_suffix(".up.sql") {
        (stem, "up")
    } else {
        (name.strip_suffix(".down.sql")?, "down")
    };
    let (version, name) = version_and_name(stem, |c| c.is_ascii_digit())?;
    Some((version, name, direction))
}

impl Layout for KeelLayout {
    fn name(&self) -> &'static str {
        "keel"
    }

    fn claims(&self, entry: &Entry) -> bool {
        !entry.is_dir && parse(&entry.name).is_some()
    }

    fn load(&self, entries: &[&Entry]) -> Result<Vec<Migration>, SourceError> {
        let mut migrations = Vec::new();
        for entry in entries {
            let Some((version, name, direction)) = parse(&entry.name) else {
                continue;
            };
            let sibling = |d: &str| {
                entry
                    .path
                    .with_file_name(format!("{version}_{name}.{d}.sql"))
            };
            if direction == "down" {
                if !sibling("up").exists() {
                    return Err(SourceError::MissingUp {
                        down: entry.path.clone(),
                        expected: sibling("up"),
                    });
                }
                continue;
            }
            let down_path = sibling("down");
            if !down_path.exists() {
                return Err(SourceError::MissingDown {
                    up: entry.path.clone(),
                    expected: down_path,
                });
            }
            let up = Script {
                text: read_text(&entry.path)?,
                path: entry.path.clone(),
                first_line: 1,
                no_transaction: false,
            };
            let down = Script {
                text: read_text(&down_path)?,
                path: down_path,
                first_line: 1,
                no_transaction: false,
            };
            migrations.push(Migration::new(
                version.to_string(),
                name.to_string(),
                up,
                down,
            ));
        }
        Ok(migrations)
    }

    fn files(&self, dir: &Path, version: &str, name: &str, up: &str, down: &str) -> Vec<NewFile> {
        ["up", "down"]
            .iter()
            .map(|d| NewFile {
                path: dir.join(format!("{version}_{name}.{d}.sql")),
                contents: if *d == "up" { up } else { down }.to_string(),
            })
            .collect()
    }
}
