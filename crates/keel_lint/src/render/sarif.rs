use std::io::{self, Write};

use serde_json::{json, Value};

use crate::registry::{Rule, RULES};
use crate::LintReport;

/// The repository's address (`repository` of the workspace Cargo.toml), without a trailing `/`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where a rule's documentation is read: `docs/rules/<id>.md` in the repository. SARIF wants
/// an absolute URI here, so without a repository address there is none.
pub(crate) fn help_uri(rule: &Rule) -> Option<String> {
    let repo = REPOSITORY.trim_end_matches('/');
    (!repo.is_empty()).then(|| format!("{repo}/blob/HEAD/docs/rules/{}.md", rule.id))
}

/// A SARIF 2.1.0 log with one run: every rule in `tool.driver.rules` (opt-in ones marked
/// `enabled: false` by default), one result per finding.
pub fn sarif(report: &LintReport, w: &mut impl Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.doc.summary },
                "fullDescription": { "text": r.doc.what },
                "help": { "text": format!("{}\n\nExample:\n{}\n\nUse instead:\n{}", r.doc.why, r.doc.bad, r.doc.good) },
                "defaultConfiguration": { "level": r.severity.as_str(), "enabled": !r.opt_in },
            });
            if let Some(uri) = help_uri(r) {
                rule["helpUri"] = Value::String(uri);
            }
            rule
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
    let mut driver = json!({
        "name": "keel",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if !REPOSITORY.is_empty() {
        driver["informationUri"] = Value::String(REPOSITORY.to_string());
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}
