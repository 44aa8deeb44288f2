use std::io::{self, Write};

use crate::LintReport;

/// rustc-style diagnostics: `error[rule]: message`, ` --> file:line:col`, the source line
/// with a caret underline of the span, and `= help:`; then a summary line.
pub fn human(report: &LintReport, w: &mut impl Write) -> io::Result<()> {
    // The lines of the file the previous finding was in: findings come sorted by file, so
    // each file is cut into lines once.
    let mut lines: (&str, Vec<&str>) = ("", Vec::new());
    for f in &report.findings {
        writeln!(w, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message)?;
        writeln!(w, " --> {}:{}:{}", f.file, f.line, f.column)?;
        if lines.0 != f.file {
            let text = report.sources.get(&f.file).map_or("", String::as_str);
            lines = (&f.file, text.lines().collect());
        }
        let source_line = lines.1.get(f.line.saturating_sub(1)).copied();
        if let Some(text) = source_line.filter(|t| !t.trim().is_empty()) {
            let text = text.trim_end_matches('\r');
            let gutter = " ".repeat(f.line.to_string().len());
            let width = text.chars().count();
            let start = f.column.clamp(1, width.max(1));
            let end = if f.end_line == f.line && f.end_column > f.column {
                f.end_column.min(width + 1)
            } else {
                width + 1
            };
            let carets = end.saturating_sub(start).max(1);
            writeln!(w, "{gutter} |")?;
            writeln!(w, "{} | {text}", f.line)?;
            writeln!(
                w,
                "{gutter} | {}{}",
                " ".repeat(start - 1),
                "^".repeat(carets)
            )?;
        }
        writeln!(w, "  = help: {}", f.help)?;
        writeln!(w)?;
    }
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == crate::Severity::Error)
        .count();
    let warnings = report.findings.len() - errors;
    if report.findings.is_empty() {
        writeln!(w, "no problems found")
    } else {
        writeln!(w, "{errors} error(s), {warnings} warning(s)")
    }
}
