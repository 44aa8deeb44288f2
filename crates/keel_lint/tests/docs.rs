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

/// Rules whose findings come from a migration folder or git, not from one script's text.
const NOT_FROM_ONE_SCRIPT: &[&str] = &[
    "deleted-migration",
    "modified-migration",
    "duplicate-version",
    "out-of-order-version",
    "missing-down",
    "syntax-error",
    "unused-suppression",
    // Only a front end's migrations (Laravel PHP) have parts it cannot follow; keel_laravel's
    // tests check this rule's examples.
    "opaque-migration",
];

/// Rules whose good example is a series of migrations ("in a later migration: …"), which
/// linted as one script still shows the pattern.
const GOOD_EXAMPLE_SPANS_MIGRATIONS: &[&str] = &["mysql-mixed-ddl-dml", "set-not-null-scan"];

#[test]
fn every_rules_bad_example_fires_and_its_good_example_does_not() {
    use keel_lint::{lint_text, Dialect, LintOptions};
    let mut wrong = Vec::new();
    for r in keel_lint::RULES {
        if NOT_FROM_ONE_SCRIPT.contains(&r.id) {
            continue;
        }
        let dialect = r.doc.dialects.first().copied().unwrap_or(Dialect::Postgres);
        let mut options = LintOptions::new(dialect);
        options.enable = vec![r.id.to_string()];
        let fires = |sql: &str| {
            lint_text("example.sql", sql, &options)
                .findings
                .iter()
                .any(|f| f.rule == r.id)
        };
        if !fires(r.doc.bad) {
            wrong.push(format!("{}: the bad example is quiet", r.id));
        }
        if fires(r.doc.good) && !GOOD_EXAMPLE_SPANS_MIGRATIONS.contains(&r.id) {
            wrong.push(format!("{}: the good example fires", r.id));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
