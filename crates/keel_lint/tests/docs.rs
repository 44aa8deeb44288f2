//! The checked-in rule docs are exactly what the code generates.

#[test]
fn checked_in_rule_docs_match_the_rules() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules");
    let mut stale = Vec::new();
    for (name, text) in keel_lint::docs::all_files() {
        let path = std::path::Path::new(dir).join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({stale:?}); regenerate with `cargo run -p keel -- lint --write-docs docs/rules`"
    );
}

#[test]
fn every_rule_has_a_complete_doc_and_a_kebab_case_id() {
    for r in keel_lint::RULES {
        assert!(
            r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.id
        );
        for (part, text) in [
            ("summary", r.doc.summary),
            ("what", r.doc.what),
            ("why", r.doc.why),
            ("bad", r.doc.bad),
            ("good", r.doc.good),
        ] {
            assert!(!text.trim().is_empty(), "{} has no {part}", r.id);
        }
    }
}
