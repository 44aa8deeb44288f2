use std::path::Path;

use super::{read_text, version_and_name, Entry, Layout, NewFile};
use crate::{Migration, Script, SourceError};

/// dbmate's layout: one file `<version>_<name>.sql` with a `-- migrate:up` section and a
/// `-- migrate:down` section. `transaction:false` on a marker runs that section outside a
/// transaction.
#[derive(Debug)]
pub struct DbmateLayout;

const UP: &str = "-- migrate:up";
const DOWN: &str = "-- migrate:down";

fn parse(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".sql")?;
    if stem.ends_with(".up") || stem.ends_with(".down") {
        return None;
    }
    version_and_name(stem, |c| c.is_ascii_digit())
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.trim_start().starts_with(marker)
}

impl Layout for DbmateLayout {
    fn name(&self) -> &'static str {
        "dbmate"
    }

    fn tool_history_tables(&self) -> &'static [&'static str] {
        &["schema_migrations"]
    }

    fn claims(&self, entry: &Entry) -> bool {
        // Reading the file is the only way to tell a dbmate migration from a misnamed one;
        // folders are small, and this happens once per command.
        !entry.is_dir
            && parse(&entry.name).is_some()
            && std::fs::read(&entry.path)
                .map(|b| {
                    String::from_utf8_lossy(&b)
                        .lines()
                        .any(|l| is_marker(l, UP))
                })
                .unwrap_or(false)
    }

    fn load(&self, entries: &[&Entry]) -> Result<Vec<Migration>, SourceError> {
        let mut migrations = Vec::new();
        for entry in entries {
            let Some((version, name)) = parse(&entry.name) else {
                continue;
            };
            let text = read_text(&entry.path)?;
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let up_at = lines.iter().position(|l| is_marker(l, UP));
            let down_at = lines.iter().position(|l| is_marker(l, DOWN));
            let (Some(up_at), Some(down_at)) = (up_at, down_at) else {
                return Err(SourceError::MissingDown {
                    up: entry.path.clone(),
                    expected: entry.path.clone(),
                });
            };
            if down_at < up_at {
                return Err(SourceError::Unrecognized {
                    path: entry.path.clone(),
                    reason:
                        "`-- migrate:down` comes before `-- migrate:up`; put the up section first"
                            .into(),
                });
            }
            let section = |from: usize, to: usize| lines[from + 1..to].concat();
            let up = Script {
                text: section(up_at, down_at),
                path: entry.path.clone(),
                first_line: up_at + 2,
                no_transaction: lines[up_at].contains("transaction:false"),
            };
            let down = Script {
                text: section(down_at, lines.len()),
                path: entry.path.clone(),
                first_line: down_at + 2,
                no_transaction: lines[down_at].contains("transaction:false"),
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
        vec![NewFile {
            path: dir.join(format!("{version}_{name}.sql")),
            contents: format!("{UP}\n{up}\n{DOWN}\n{down}"),
        }]
    }

    fn new_files(&self, dir: &Path, version: &str, name: &str) -> Vec<NewFile> {
        vec![NewFile {
            path: dir.join(format!("{version}_{name}.sql")),
            contents: format!(
                "{UP}\n-- {name}: the change.\n\n{DOWN}\n-- {name}: undo; reverse the up section exactly.\n"
            ),
        }]
    }
}
