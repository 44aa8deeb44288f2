//! The linter never panics, whatever it is fed, in every dialect.

use keel_lint::{lint_sql, Dialect};
use proptest::prelude::*;

fn sqlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("CREATE ".to_string()),
        Just("TABLE ".to_string()),
        Just("INDEX ".to_string()),
        Just("ALTER ".to_string()),
        Just("DROP ".to_string()),
        Just("COLUMN ".to_string()),
        Just("INSERT INTO ".to_string()),
        Just("SELECT ".to_string()),
        Just("FROM ".to_string()),
        Just("UPDATE ".to_string()),
        Just("SET ".to_string()),
        Just("DELETE ".to_string()),
        Just("CONCURRENTLY ".to_string()),
        Just("RENAME ".to_string()),
        Just("TO ".to_string()),
        Just("BEGIN".to_string()),
        Just("END".to_string()),
        Just("; ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(", ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just("$$".to_string()),
        Just("-- keel:ignore destructive-drop\n".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("NOT NULL ".to_string()),
        Just("DEFAULT random() ".to_string()),
        Just("REFERENCES t (id) ".to_string()),
        Just("DELIMITER //\n".to_string()),
        Just("\n".to_string()),
        "[a-z_]{1,8} ".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn linting_random_sql_never_panics(src in sqlish()) {
        for d in Dialect::ALL {
            let findings = lint_sql(&src, d);
            for f in findings {
                prop_assert!(f.line >= 1 && f.column >= 1);
            }
        }
    }
}
