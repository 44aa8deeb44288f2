use std::path::Path;

use super::{read_text, Entry, Layout, NewFile};
use crate::{Migration, Script, SourceError};

/// Flyway's layout: `V<version>__<name>.sql` with its undo script `U<version>__<name>.sql`.
/// Versions may use `.` or `_` between parts (`V1_2__x` is version 1.2).
#[derive(Debug)]
pub struct FlywayLayout;

fn parse(name: &str) -> Option<(char, String, &str)> {
    let stem = name.strip_suffix(".sql")?;
    let kind = stem.chars().next()?;
    if kind != 'V' && kind != 'U' {
        return None;
    }
    let (version, description) = stem[1..].split_once("__")?;
    if version.is_empty()
        || description.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        || !version.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some((kind, version.replace('_', "."), description))
}

impl Layout for FlywayLayout {
    fn name(&self) -> &'static str {
        "flyway"
    }

    fn tool_history_tables(&self) -> &'static [&'static str] {
        &["flyway_schema_history"]
    }

    fn claims(&self, entry: &Entry) -> bool {
        !entry.is_dir && parse(&entry.name).is_some()
    }

    fn load(&self, entries: &[&Entry]) -> Result<Vec<Migration>, SourceError> {
        let mut migrations = Vec::new();
        for entry in entries {
            let Some((kind, version, description)) = parse(&entry.name) else {
                continue;
            };
            let sibling = |k: char| {
                let original = &entry.name[1..];
                entry.path.with_file_name(format!("{k}{original}"))
            };
            if kind == 'U' {
                if !sibling('V').exists() {
                    return Err(SourceError::MissingUp {
                        down: entry.path.clone(),
                        expected: sibling('V'),
                    });
                }
                continue;
            }
            let down_path = sibling('U');
            if !down_path.exists() {
                return Err(SourceError::MissingDown {
                    up: entry.path.clone(),
                    expected: down_path,
                });
            }
            migrations.push(Migration::new(
                version,
                description.to_string(),
                Script {
                    text: read_text(&entry.path)?,
                    path: entry.path.clone(),
                    first_line: 1,
                    no_transaction: false,
                },
                Script {
                    text: read_text(&down_path)?,
                    path: down_path,
                    first_line: 1,
                    no_transaction: false,
                },
            ));
        }
        Ok(migrations)
    }

    fn files(&self, dir: &Path, version: &str, name: &str, up: &str, down: &str) -> Vec<NewFile> {
        [('V', "up"), ('U', "down")]
            .iter()
            .map(|(k, d)| NewFile {
                path: dir.join(format!("{k}{version}__{name}.sql")),
                contents: if *d == "up" { up } else { down }.to_string(),
            })
            .collect()
    }

    fn next_version(&self, existing: &[&str], _now: &time::OffsetDateTime) -> String {
        let major = existing
            .iter()
            .filter_map(|v| v.split('.').next()?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        (major + 1).to_string()
    }
}
