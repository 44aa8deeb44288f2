use std::io::{self, Write};

use crate::LintReport;

/// `{"findings":[{"rule","severity","file","line","message",…}]}` (the contract keys plus
/// `column`, `end_line`, `end_column` and `help`).
pub fn json(report: &LintReport, w: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    writeln!(w)
}
