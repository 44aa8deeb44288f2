//! History compared with files.

use serde::Serialize;

use crate::{compare_versions, HistoryRow, Migration, RowState};

/// The state of one migration, as `keel status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MigrationState {
    /// Ran, and the file still matches.
    Applied,
    /// Has a file, has not run.
    Pending,
    /// Ran, but its file is gone.
    Missing,
    /// Ran, but its up script changed since.
    Modified,
    /// Started and did not finish.
    Failed,
}

impl MigrationState {
    /// The contract name (`applied`, `pending`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::Missing => "missing",
            MigrationState::Modified => "modified",
            MigrationState::Failed => "failed",
        }
    }
}

/// One line of the status report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationStatus {
    /// Version.
    pub id: String,
    /// Name.
    pub name: String,
    /// State.
    pub state: MigrationState,
    /// Batch, for migrations history knows.
    pub batch: Option<i64>,
    /// When it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_at: Option<String>,
    /// For failed migrations: the statement and the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Counts per state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusSummary {
    /// Applied and unchanged.
    pub applied: usize,
    /// Not yet run.
    pub pending: usize,
    /// Ran, file gone.
    pub missing: usize,
    /// Ran, file changed.
    pub modified: usize,
    /// Did not finish.
    pub failed: usize,
}

/// History and files, side by side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Every migration either side knows, oldest first.
    pub migrations: Vec<MigrationStatus>,
    /// Counts.
    pub summary: StatusSummary,
}

impl StatusReport {
    /// Compares `rows` (history) with `files`.
    pub fn compute(files: &[Migration], rows: &[HistoryRow]) -> Self {
        let mut migrations = Vec::with_capacity(files.len().max(rows.len()));
        for file in files {
            let row = rows.iter().find(|r| r.id == file.id);
            let state = match row {
                None => MigrationState::Pending,
                Some(r) if r.state == RowState::Failed => MigrationState::Failed,
                // An empty checksum is one nobody recorded (a Laravel migration run by artisan
                // before keel was adopted): unknown, not modified.
                Some(r) if !r.checksum.is_empty() && r.checksum != file.checksum => {
                    MigrationState::Modified
                }
                Some(_) => MigrationState::Applied,
            };
            migrations.push(MigrationStatus {
                id: file.id.clone(),
                name: file.name.clone(),
                state,
                batch: row.map(|r| r.batch),
                applied_at: row.map(|r| r.applied_at.clone()),
                error: row.and_then(failure_text),
            });
        }
        for row in rows {
            if files.iter().any(|f| f.id == row.id) {
                continue;
            }
            migrations.push(MigrationStatus {
                id: row.id.clone(),
                name: row.name.clone(),
                state: if row.state == RowState::Failed {
                    MigrationState::Failed
                } else {
                    MigrationState::Missing
                },
                batch: Some(row.batch),
                applied_at: Some(row.applied_at.clone()),
                error: failure_text(row),
            });
        }
        migrations.sort_by(|a, b| compare_versions(&a.id, &b.id));
        let mut summary = StatusSummary::default();
        for m in &migrations {
            *match m.state {
                MigrationState::Applied => &mut summary.applied,
                MigrationState::Pending => &mut summary.pending,
                MigrationState::Missing => &mut summary.missing,
                MigrationState::Modified => &mut summary.modified,
                MigrationState::Failed => &mut summary.failed,
            } += 1;
        }
        Self {
            migrations,
            summary,
        }
    }

    /// Whether history and files agree (pending migrations are fine).
    pub fn is_clean(&self) -> bool {
        self.summary.missing == 0 && self.summary.modified == 0 && self.summary.failed == 0
    }

    /// The migrations in `state`.
    pub fn in_state(&self, state: MigrationState) -> impl Iterator<Item = &MigrationStatus> {
        self.migrations.iter().filter(move |m| m.state == state)
    }
}

fn failure_text(row: &HistoryRow) -> Option<String> {
    (row.state == RowState::Failed).then(|| match (&row.failed_statement, &row.error) {
        (Some(n), Some(e)) => format!("statement {n}: {e}"),
        (None, Some(e)) => e.clone(),
        (Some(n), None) => format!("statement {n} did not finish"),
        (None, None) => "did not finish".into(),
    })
}
