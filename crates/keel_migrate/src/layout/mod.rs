//! Migration folder layouts, one file each, auto-detected.
//!
//! A layout claims the entries of a folder that look like its migrations, loads them, and
//! knows how to write a new one. Detection asks every layout which entries it claims: one
//! layout → that one; none → keel's own (the default for `keel new`); several → an error
//! naming a file of each, because a mixed folder is always a mistake.

mod dbmate;
mod diesel;
mod flyway;
mod keel;

use std::path::{Path, PathBuf};

pub use dbmate::DbmateLayout;
pub use diesel::DieselLayout;
pub use flyway::FlywayLayout;
pub use keel::KeelLayout;

use crate::version::same_version;
use crate::{compare_versions, Migration, SourceError};

/// One entry of a migrations folder.
#[derive(Debug, Clone)]
pub struct Entry {
    /// File or folder name.
    pub name: String,
    /// Full path.
    pub path: PathBuf,
    /// Whether it is a folder.
    pub is_dir: bool,
}

/// A file a layout wants written for a new migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Where.
    pub path: PathBuf,
    /// What.
    pub contents: String,
}

/// A way of laying out migrations on disk.
pub trait Layout: Sync {
    /// Short name shown to users (`keel`, `diesel`, `dbmate`, `flyway`).
    fn name(&self) -> &'static str;

    /// Whether `entry` is one of this layout's migration files or folders.
    fn claims(&self, entry: &Entry) -> bool;

    /// Reads the claimed entries into migrations (any order; the caller sorts).
    fn load(&self, entries: &[&Entry]) -> Result<Vec<Migration>, SourceError>;

    /// The files of a migration with this version, name and up and down scripts.
    fn files(&self, dir: &Path, version: &str, name: &str, up: &str, down: &str) -> Vec<NewFile>;

    /// The files of a new migration with this version and name, each script a template.
    fn new_files(&self, dir: &Path, version: &str, name: &str) -> Vec<NewFile> {
        self.files(
            dir,
            version,
            name,
            &template(name, "up"),
            &template(name, "down"),
        )
    }

    /// The history table the layout's own tool keeps (diesel, dbmate, Flyway), which keel
    /// leaves out of snapshots and diffs when it finds one.
    fn tool_history_tables(&self) -> &'static [&'static str] {
        &[]
    }

    /// A fresh version for a new migration, later than every id in `existing`.
    fn next_version(&self, existing: &[&str], now: &time::OffsetDateTime) -> String {
        next_version_default(existing, now)
    }
}

/// Every layout keel reads, in detection order.
pub static LAYOUTS: &[&dyn Layout] = &[&KeelLayout, &DieselLayout, &DbmateLayout, &FlywayLayout];

/// The migrations of a folder, sorted by version, and the layout they are in.
pub struct MigrationSet {
    /// The folder.
    pub dir: PathBuf,
    /// Its layout.
    pub layout: &'static dyn Layout,
    /// The migrations, oldest first.
    pub migrations: Vec<Migration>,
}

impl std::fmt::Debug for MigrationSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MigrationSet")
            .field("dir", &self.dir)
            .field("layout", &self.layout.name())
            .field("migrations", &self.migrations.len())
            .finish()
    }
}

fn list(dir: &Path) -> Result<Vec<Entry>, SourceError> {
    let read = std::fs::read_dir(dir).map_err(|source| SourceError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries = Vec::new();
    for item in read {
        let item = item.map_err(|source| SourceError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = item.path();
        entries.push(Entry {
            is_dir: path.is_dir(),
            name,
            path,
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// Finds the layout of `dir` without reading the migrations. A missing or empty folder is
/// keel's own layout.
pub fn detect(dir: &Path) -> Result<&'static dyn Layout, SourceError> {
    if !dir.exists() {
        return Ok(&KeelLayout);
    }
    let entries = list(dir)?;
    Ok(classify(dir, &entries)?.0)
}

type Claimed<'a> = (&'static dyn Layout, Vec<&'a Entry>);

fn classify<'a>(dir: &Path, entries: &'a [Entry]) -> Result<Claimed<'a>, SourceError> {
    let mut found: Option<Claimed<'a>> = None;
    for entry in entries {
        let layout = LAYOUTS.iter().copied().find(|l| l.claims(entry));
        match (layout, &mut found) {
            (Some(layout), None) => found = Some((layout, vec![entry])),
            (Some(layout), Some((current, claimed))) => {
                if layout.name() == current.name() {
                    claimed.push(entry);
                } else {
                    return Err(SourceError::MixedLayouts {
                        dir: dir.to_path_buf(),
                        first_layout: current.name(),
                        first: claimed[0].path.clone(),
                        second_layout: layout.name(),
                        second: entry.path.clone(),
                    });
                }
            }
            (None, _) => reject_stray(entry)?,
        }
    }
    Ok(found.unwrap_or((&KeelLayout, Vec::new())))
}

/// Files that look like migrations but fit no layout are errors: silently skipping one would
/// leave a migration unapplied with nobody noticing.
fn reject_stray(entry: &Entry) -> Result<(), SourceError> {
    let lower = entry.name.to_ascii_lowercase();
    let reason = if lower.ends_with(".php") {
        "Laravel PHP migrations are read from a Laravel project's database/migrations folder; \
         keel does not run PHP migrations from a plain SQL folder"
            .to_string()
    } else if lower.starts_with("r__") && lower.ends_with(".sql") {
        "Flyway repeatable migrations (R__…) are not supported: turn it into a versioned V…__ migration".to_string()
    } else if lower.ends_with(".sql") {
        "this .sql file is not a migration keel recognizes: name it <version>_<name>.up.sql with a \
         matching .down.sql (keel), V<version>__<name>.sql with U<version>__<name>.sql (Flyway), or \
         give it `-- migrate:up` and `-- migrate:down` sections (dbmate)"
            .to_string()
    } else {
        return Ok(());
    };
    Err(SourceError::Unrecognized {
        path: entry.path.clone(),
        reason,
    })
}

/// Reads every migration in `dir`, sorted by version, checking that versions are unique.
pub fn load(dir: &Path) -> Result<MigrationSet, SourceError> {
    let entries = list(dir)?;
    let (layout, claimed) = classify(dir, &entries)?;
    let mut migrations = layout.load(&claimed)?;
    migrations.sort_by(|a, b| compare_versions(&a.id, &b.id));
    for pair in migrations.windows(2) {
        if same_version(&pair[0].id, &pair[1].id) {
            return Err(SourceError::DuplicateVersion {
                version: pair[1].id.clone(),
                first: pair[0].up.path.clone(),
                second: pair[1].up.path.clone(),
            });
        }
    }
    Ok(MigrationSet {
        dir: dir.to_path_buf(),
        layout,
        migrations,
    })
}

/// Reads a file as UTF-8 text, naming the line of the first bad byte otherwise.
pub(crate) fn read_text(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..byte].iter().filter(|b| **b == b'\n').count() + 1;
        SourceError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            byte,
        }
    })
}

/// Splits `<digits>_<name>` (the shape of keel, dbmate and diesel names).
pub(crate) fn version_and_name(
    stem: &str,
    version_chars: impl Fn(char) -> bool,
) -> Option<(&str, &str)> {
    let end = stem.find(|c: char| !version_chars(c))?;
    let (version, rest) = stem.split_at(end);
    let name = rest.strip_prefix('_')?;
    (!version.is_empty() && version.starts_with(|c: char| c.is_ascii_digit()) && !name.is_empty())
        .then_some((version, name))
}

/// Sequential projects (`0001`, `0002`) get the next number with the same width; everything
/// else gets a UTC timestamp, bumped past the newest existing version if needed.
pub(crate) fn next_version_default(existing: &[&str], now: &time::OffsetDateTime) -> String {
    let all_short_numbers = !existing.is_empty()
        && existing
            .iter()
            .all(|v| v.len() <= 8 && v.chars().all(|c| c.is_ascii_digit()));
    if all_short_numbers {
        let width = existing.iter().map(|v| v.len()).max().unwrap_or(4);
        let next = existing
            .iter()
            .filter_map(|v| v.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        return format!("{next:0width$}");
    }
    let stamp = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let newest = existing
        .iter()
        .filter(|v| v.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|v| v.parse::<u128>().ok())
        .max();
    match (stamp.parse::<u128>(), newest) {
        (Ok(s), Some(n)) if n >= s => (n + 1).to_string(),
        _ => stamp,
    }
}

/// The comment that opens a new migration's scripts.
pub(crate) fn template(name: &str, direction: &str) -> String {
    match direction {
        "up" => format!("-- {name}: the change. Write the SQL that applies it.\n"),
        _ => format!(
            "-- {name}: undo. Write the SQL that reverses the up script exactly, so that `keel rollback` is safe.\n"
        ),
    }
}
