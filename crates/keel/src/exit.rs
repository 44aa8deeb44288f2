use std::process::ExitCode;

/// keel's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success, nothing wrong.
    Success,
    /// 1: the command ran and found a problem (history out of sync, drift, lint error, …).
    Problem,
    /// 2: the command could not do its job (bad input or config, connection refused, a
    /// migration failed).
    Error,
    /// The exit code of a command keel ran for the user (`keel run`), passed through.
    Passthrough(u8),
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Problem => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
            ExitStatus::Passthrough(code) => ExitCode::from(code),
        }
    }
}
