use std::io::{self, Write};

use serde_json::{json, Value};

use crate::registry::RULES;
use crate::LintReport;

/// A SARIF 2.1.0 log with one run: every rule in `tool.driver.rules`, one result per finding.
pub fn sarif(report: &LintReport, w: &mut impl Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.doc.summary },
                "fullDescription": { "text": r.doc.what },
                "help": { "text": format!("{}\n\nExample:\n{}\n\nUse instead:\n{}", r.doc.why, r.doc.bad, r.doc.good) },
                "helpUri": format!("https://example.invalid/keel/docs/rules/{}.md", r.id),
                "defaultConfiguration": { "level": r.severity.as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
            json!({
                "ruleId": f.rule,
                "ruleIndex": rule_index,
                "level": f.severity.as_str(),
                "message": { "text": format!("{} (help: {})", f.message, f.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": {
                            "startLine": f.line.max(1),
                            "startColumn": f.column.max(1),
                            "endLine": f.end_line.max(f.line).max(1),
                            "endColumn": f.end_column.max(1),
                        }
                    }
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "keel",
                "informationUri": "https://example.invalid/keel",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}
