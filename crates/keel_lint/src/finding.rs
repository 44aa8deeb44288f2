use serde::Serialize;

/// How bad a finding is. `keel lint` exits 1 when any finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail the run.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found. The JSON keys `rule`, `severity`, `file`, `line` and `message` are a
/// contract (DESIGN §4); the others are additions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id, e.g. `fk-without-index`.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// The file, as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Last line of the span.
    pub end_line: usize,
    /// Column just after the span on `end_line`.
    pub end_column: usize,
    /// What is wrong, naming the table, column or file.
    pub message: String,
    /// What to do instead.
    pub help: String,
}
