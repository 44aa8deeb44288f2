//! The output formats, rendered from one report.

use keel_lint::{lint_text, render, Dialect, LintOptions};

fn report() -> keel_lint::LintReport {
    lint_text(
        "migrations/0002_drop.up.sql",
        "ALTER TABLE photos DROP COLUMN caption;\nINSERT INTO posts (body) SELECT caption FROM photos;\n",
        &LintOptions::new(Dialect::Mysql),
    )
}

#[test]
fn json_has_the_contract_keys() {
    let mut out = Vec::new();
    render::json(&report(), &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let first = &v["findings"][0];
    for key in [
        "rule", "severity", "file", "line", "message", "column", "end_line", "help",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["file"], "migrations/0002_drop.up.sql");
}

#[test]
fn github_output_is_workflow_commands() {
    let mut out = Vec::new();
    render::github(&report(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with(
            "::error file=migrations/0002_drop.up.sql,line=1,col=1,endLine=1,title=keel lint%3A destructive-drop::this drops column photos.caption"
        )),
        "{text}"
    );
}

#[test]
fn sarif_output_validates_against_the_official_sarif_2_1_0_schema() {
    let mut out = Vec::new();
    render::sarif(&report(), &mut out).unwrap();
    let instance: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("sarif.json", schema).unwrap();
    let id = compiler.compile("sarif.json", &mut schemas).unwrap();
    if let Err(e) = schemas.validate(&instance, id) {
        panic!("SARIF output is not valid:\n{e:#}\n{instance:#}");
    }
    assert!(!instance["runs"][0]["results"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn sarif_rules_link_their_checked_in_doc_and_mark_opt_in_rules_disabled() {
    let mut out = Vec::new();
    render::sarif(&report(), &mut out).unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    // The address comes from `repository` in the workspace Cargo.toml, nowhere else.
    let repository = env!("CARGO_PKG_REPOSITORY");
    assert!(!repository.is_empty());
    assert_eq!(driver["informationUri"], repository);
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), keel_lint::RULES.len());
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules");
    for (rule, sarif_rule) in keel_lint::RULES.iter().zip(rules) {
        assert_eq!(sarif_rule["id"], rule.id);
        let uri = sarif_rule["helpUri"].as_str().unwrap();
        let doc = format!("docs/rules/{}.md", rule.id);
        assert_eq!(
            uri,
            format!("{}/blob/HEAD/{doc}", repository.trim_end_matches('/'))
        );
        assert!(
            std::path::Path::new(docs)
                .join(format!("{}.md", rule.id))
                .is_file(),
            "{uri} points at no checked-in file"
        );
        assert_eq!(
            sarif_rule["defaultConfiguration"]["enabled"], !rule.opt_in,
            "{}",
            rule.id
        );
    }
    assert!(rules
        .iter()
        .any(|r| r["defaultConfiguration"]["enabled"] == false));
}
