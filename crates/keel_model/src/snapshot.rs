use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Schema, ServerContext, TableData, Unsupported};

/// The version of the `schema.json` format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole database schema (plus the rows of protected tables), as written to `schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Format version; readers refuse versions they do not know.
    pub format: u32,
    /// `sqlite`, `postgres`, `mysql` or `mariadb`.
    pub engine: String,
    /// Server facts that change how the schema is normalised.
    pub server: ServerContext,
    /// Schemas by name: PostgreSQL namespaces; one `main` for SQLite and MySQL (the database
    /// name itself is not stored, so a snapshot compares across databases).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Schema>,
    /// Rows of `[guard] protect` tables, by `schema.table`, sorted by primary key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, TableData>,
    /// Objects the inspector saw but keel does not model: listed, never silently dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<Unsupported>,
}

/// Why a snapshot could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Not JSON, or not keel's snapshot shape.
    #[error("not a keel schema snapshot: {0}")]
    Invalid(String),
    /// A format version this build does not know.
    #[error("schema snapshot format {found} is not supported by this keel (it reads format {FORMAT_VERSION}); upgrade keel or re-run `keel snapshot`")]
    Version {
        /// The version in the file.
        found: u32,
    },
}

impl Snapshot {
    /// An empty snapshot for `engine` at server `version` (`major.minor`).
    pub fn new(engine: &str, version: &str) -> Self {
        Self {
            format: FORMAT_VERSION,
            engine: engine.to_string(),
            server: ServerContext {
                version: version.to_string(),
                ..ServerContext::default()
            },
            schemas: BTreeMap::new(),
            data: BTreeMap::new(),
            unsupported: Vec::new(),
        }
    }

    /// The schema named `name`, created if absent.
    pub fn schema_mut(&mut self, name: &str) -> &mut Schema {
        self.schemas.entry(name.to_string()).or_default()
    }

    /// The byte-stable JSON text: two-space indent, `\n` line endings, final newline.
    ///
    /// The same bytes as [`Snapshot::write_json`]; prefer that one for large snapshots.
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        match self.write_json(&mut bytes) {
            // serde_json only writes valid UTF-8.
            Ok(()) => String::from_utf8(bytes).unwrap_or_default(),
            Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
        }
    }

    /// Streams the byte-stable JSON text (see [`Snapshot::to_json`]) to `w`, without building
    /// it in memory. An already-normalised snapshot (what every inspector returns) is written
    /// as is; otherwise a sorted copy is written.
    pub fn write_json(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        if self.is_normalized() {
            serde_json::to_writer_pretty(&mut w, self)?;
        } else {
            let mut sorted = self.clone();
            sorted.normalize_order();
            serde_json::to_writer_pretty(&mut w, &sorted)?;
        }
        w.write_all(b"\n")
    }

    /// Whether [`Snapshot::normalize_order`] would change nothing.
    fn is_normalized(&self) -> bool {
        fn strictly_sorted<T: Ord>(v: &[T]) -> bool {
            v.windows(2).all(|w| w[0] < w[1])
        }
        strictly_sorted(&self.unsupported)
            && self.schemas.values().all(|schema| {
                strictly_sorted(&schema.extensions)
                    && schema
                        .triggers
                        .values()
                        .all(|trigger| strictly_sorted(&trigger.events))
            })
    }

    /// Reads a snapshot, checking the format version first so that a newer file gets the
    /// right message rather than a field error.
    pub fn from_json(text: &str) -> Result<Self, SnapshotError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SnapshotError::Invalid(e.to_string()))?;
        let Some(format) = value.get("format").and_then(serde_json::Value::as_u64) else {
            return Err(SnapshotError::Invalid(
                "it has no `format` field (is it a keel schema.json?)".into(),
            ));
        };
        if format != u64::from(FORMAT_VERSION) {
            return Err(SnapshotError::Version {
                found: u32::try_from(format).unwrap_or(u32::MAX),
            });
        }
        serde_json::from_value(value).map_err(|e| SnapshotError::Invalid(e.to_string()))
    }

    /// Sorts the lists whose order carries no meaning, so equal schemas serialise equally.
    pub fn normalize_order(&mut self) {
        self.unsupported.sort();
        self.unsupported.dedup();
        for schema in self.schemas.values_mut() {
            schema.extensions.sort();
            schema.extensions.dedup();
            for trigger in schema.triggers.values_mut() {
                trigger.events.sort();
                trigger.events.dedup();
            }
        }
    }
}
