use std::io::{self, Write};

use crate::LintReport;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands:
/// `::error file=…,line=…,col=…,endLine=…,title=…::message`.
pub fn github(report: &LintReport, w: &mut impl Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(
            w,
            "::{} file={},line={},col={},endLine={},title={}::{}",
            f.severity.as_str(),
            escape_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            escape_property(&format!("keel lint: {}", f.rule)),
            escape_data(&format!("{} (help: {})", f.message, f.help)),
        )?;
    }
    Ok(())
}
