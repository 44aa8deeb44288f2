//! Properties of `keel_sql::split` that must hold for every input.
//!
//! Failing cases are persisted under `crates/keel_sql/proptest-regressions/`
//! and replayed first on every run; keep those files under version control.

use keel_sql::{split, Dialect, LineIndex};
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::FileFailurePersistence;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

fn dialect() -> impl Strategy<Value = Dialect> {
    prop::sample::select(Dialect::ALL.to_vec())
}

/// Fragments that exercise every lexical rule and its edge cases.
const FRAGMENTS: &[&str] = &[
    "'",
    "\"",
    "`",
    "[",
    "]",
    "$",
    "$$",
    "$a$",
    "$A$",
    "$1",
    "/*",
    "*/",
    "/*!",
    "/*+",
    "--",
    "-- ",
    "#",
    "\n",
    "\r\n",
    ";",
    ";;",
    "//",
    " ",
    "\t",
    "\\",
    "E'",
    "e",
    "x",
    "é",
    "🦀",
    "\u{feff}",
    "\u{3000}",
    "BEGIN",
    "END",
    "CASE",
    "IF",
    "ATOMIC",
    "NOT",
    "TRANSACTION",
    "CREATE TRIGGER t ",
    "CREATE PROCEDURE p ",
    "CREATE FUNCTION f ",
    "DELIMITER ",
    "DELIMITER //\n",
    "DELIMITER $$\n",
    "DELIMITER ;\n",
    "delimiter",
    ".",
    "(",
    ")",
    "SELECT 1",
];

/// Arbitrary concatenations of tricky fragments (much denser in interesting
/// cases than uniformly random text).
fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..48).prop_map(|parts| parts.concat())
}

/// Checks the structural guarantees of a successful split; errors must point
/// inside the source.
fn check_invariants(source: &str, dialect: Dialect) -> Result<(), TestCaseError> {
    let index = LineIndex::new(source);
    match split(source, dialect) {
        Ok(statements) => {
            let mut previous_end = 0;
            for s in &statements {
                prop_assert!(
                    source.is_char_boundary(s.start),
                    "start {} not on a char boundary",
                    s.start
                );
                prop_assert!(
                    source.is_char_boundary(s.end),
                    "end {} not on a char boundary",
                    s.end
                );
                prop_assert!(
                    previous_end <= s.start && s.start < s.end,
                    "offsets out of order: {statements:?}"
                );
                prop_assert_eq!(source[s.start..s.end].trim(), s.text.as_str());
                prop_assert!(!s.text.trim().is_empty());
                prop_assert_eq!((s.line, s.column), index.line_col(s.start));
                previous_end = s.end;
            }
        }
        Err(e) => {
            prop_assert!(
                e.line >= 1 && e.line <= index.line_count(),
                "error line out of range: {e}"
            );
            prop_assert!(e.column >= 1);
            prop_assert!(!e.message.is_empty());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// A small grammar of statements whose boundaries are known by construction.
// ---------------------------------------------------------------------------

/// Characters for literal and comment contents, including every character
/// that means something to the splitter.
const CONTENT_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', ';', '\'', '"', '`', '-', '/', '*', '#', '$', '\\', '[', ']', '\n', 'é',
    '🦀',
];

fn content() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CONTENT_CHARS), 0..12)
        .prop_map(|chars| chars.into_iter().collect())
}

/// A literal, identifier or punctuation token: never a comment, never a
/// keyword the splitter cares about.
fn atom(dialect: Dialect) -> BoxedStrategy<String> {
    let plain = prop::sample::select(
        &[
            "a", "t1", "col_x", "été", "x$y", "42", "3.14", "=", ",", "(", ")", "+",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed();
    let mut options = vec![plain];
    match dialect {
        Dialect::Sqlite => {
            options.push(
                content()
                    .prop_map(|c| format!("'{}'", c.replace('\'', "''")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("`{}`", c.replace('`', "``")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("[{}]", c.replace(']', "")))
                    .boxed(),
            );
        }
        Dialect::Postgres => {
            options.push(
                content()
                    .prop_map(|c| format!("'{}'", c.replace('\'', "''")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("E'{}'", c.replace('\\', "\\\\").replace('\'', "\\'")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("$${}$$", c.replace('$', "")))
                    .boxed(),
            );
            options.push(
                (content(), content())
                    .prop_map(|(a, b)| {
                        format!(
                            "$fn$ {} $$ {} $x$ $fn$",
                            a.replace('$', ""),
                            b.replace('$', "")
                        )
                    })
                    .boxed(),
            );
            options.push(
                prop::sample::select(&["$1", "$2::int"][..])
                    .prop_map(str::to_owned)
                    .boxed(),
            );
        }
        Dialect::Mysql => {
            options.push(
                content()
                    .prop_map(|c| format!("'{}'", c.replace('\\', "\\\\").replace('\'', "\\'")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("\"{}\"", c.replace('\\', "\\\\").replace('"', "\"\"")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("`{}`", c.replace('`', "``")))
                    .boxed(),
            );
            options.push(
                content()
                    .prop_map(|c| format!("/*+ {} */", c.replace('*', "")))
                    .boxed(),
            );
        }
    }
    Union::new(options).boxed()
}

fn comment(dialect: Dialect) -> BoxedStrategy<String> {
    let mut options = vec![
        content()
            .prop_map(|c| format!("/* {} */", c.replace('*', "")))
            .boxed(),
        content()
            .prop_map(|c| format!("-- {}\n", c.replace('\n', "")))
            .boxed(),
    ];
    match dialect {
        Dialect::Postgres => options.push(
            (content(), content())
                .prop_map(|(a, b)| {
                    format!("/* {} /* {} */ */", a.replace('*', ""), b.replace('*', ""))
                })
                .boxed(),
        ),
        Dialect::Mysql => options.push(
            content()
                .prop_map(|c| format!("# {}\n", c.replace('\n', "")))
                .boxed(),
        ),
        Dialect::Sqlite => {}
    }
    Union::new(options).boxed()
}

/// `KEYWORD atom (comment? atom)*`: starts and ends with a real token.
fn simple_statement(dialect: Dialect) -> BoxedStrategy<String> {
    (
        prop::sample::select(&["SELECT", "INSERT", "UPDATE", "DELETE", "VALUES"][..]),
        prop::collection::vec((prop::option::of(comment(dialect)), atom(dialect)), 1..6),
    )
        .prop_map(|(keyword, parts)| {
            let mut statement = keyword.to_owned();
            for (comment, atom) in parts {
                statement.push(' ');
                if let Some(comment) = comment {
                    statement.push_str(&comment);
                    statement.push(' ');
                }
                statement.push_str(&atom);
            }
            statement
        })
        .boxed()
}

/// A simple statement or a compound statement whose body holds several.
fn statement(dialect: Dialect) -> BoxedStrategy<String> {
    let compound = prop::collection::vec(simple_statement(dialect), 1..4).prop_map(move |body| {
        let body = body.join(";\n  ");
        match dialect {
            Dialect::Sqlite => format!("CREATE TRIGGER t AFTER INSERT ON x BEGIN\n  {body};\nEND"),
            Dialect::Postgres => {
                format!("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC\n  {body};\nEND")
            }
            Dialect::Mysql => format!("CREATE PROCEDURE p() BEGIN\n  {body};\n  CASE WHEN 1 THEN SELECT 1; END CASE;\nEND"),
        }
    });
    prop_oneof![3 => simple_statement(dialect), 1 => compound].boxed()
}

/// Statements, each with an optional leading comment.
type Script = Vec<(Option<String>, String)>;

/// Statements, each optionally preceded by a comment, plus whether the last
/// one gets a delimiter too.
fn script(dialect: Dialect) -> impl Strategy<Value = (Script, bool)> {
    (
        prop::collection::vec(
            (prop::option::of(comment(dialect)), statement(dialect)),
            0..6,
        ),
        any::<bool>(),
    )
}

fn join(statements: &[(Option<String>, String)], delimiter: &str, trailing: bool) -> String {
    let mut source = String::new();
    for (i, (comment, statement)) in statements.iter().enumerate() {
        if i > 0 {
            source.push_str(delimiter);
            source.push('\n');
        }
        if let Some(comment) = comment {
            source.push_str(comment);
            source.push(' ');
        }
        source.push_str(statement);
    }
    if trailing && !statements.is_empty() {
        source.push_str(delimiter);
    }
    source
}

fn dialect_and_script() -> impl Strategy<Value = (Dialect, (Script, bool))> {
    dialect().prop_flat_map(|d| (Just(d), script(d)))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn split_never_panics_on_arbitrary_text(source in any::<String>()) {
        for dialect in Dialect::ALL {
            let _ = split(&source, dialect);
        }
    }

    #[test]
    fn results_are_well_formed_for_arbitrary_text(source in any::<String>()) {
        for dialect in Dialect::ALL {
            check_invariants(&source, dialect)?;
        }
    }

    #[test]
    fn results_are_well_formed_for_tricky_fragment_soup(source in fragment_soup()) {
        for dialect in Dialect::ALL {
            check_invariants(&source, dialect)?;
        }
    }

    #[test]
    fn joined_statements_split_back_into_the_same_statements(
        (dialect, (statements, trailing)) in dialect_and_script()
    ) {
        let source = join(&statements, ";", trailing);
        let expected: Vec<&str> = statements.iter().map(|(_, s)| s.as_str()).collect();
        let found = split(&source, dialect).map_err(|e| TestCaseError::fail(format!("{e}\n{source}")))?;
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(texts, expected, "dialect {}, source:\n{}", dialect.name(), source);
        check_invariants(&source, dialect)?;
    }

    #[test]
    fn mysql_statements_joined_with_a_custom_delimiter_split_back(
        (statements, _) in script(Dialect::Mysql)
    ) {
        let source = format!("DELIMITER //\n{}\nDELIMITER ;\n", join(&statements, "//", true));
        let expected: Vec<&str> = statements.iter().map(|(_, s)| s.as_str()).collect();
        let found = split(&source, Dialect::Mysql).map_err(|e| TestCaseError::fail(format!("{e}\n{source}")))?;
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(texts, expected, "source:\n{}", source);
    }
}

#[test]
fn fuzz_seed_corpus_splits_into_well_formed_statements() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/split");
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/split exists") {
        let path = entry.expect("readable corpus entry").path();
        let source = std::fs::read_to_string(&path).expect("corpus seeds are UTF-8");
        for dialect in Dialect::ALL {
            if let Err(e) = check_invariants(&source, dialect) {
                panic!("{} ({}): {e}", path.display(), dialect.name());
            }
        }
        seeds += 1;
    }
    assert!(seeds >= 12, "expected a dozen seeds, found {seeds}");
}

#[test]
fn large_inputs_split_in_linear_time() {
    // Quadratic behaviour would make these take minutes instead of milliseconds.
    let many = "INSERT INTO t VALUES (1, 'a;b'); -- note\n".repeat(50_000);
    assert_eq!(split(&many, Dialect::Sqlite).map(|s| s.len()), Ok(50_000));

    // Many near-miss closing tags inside one dollar quote.
    let near_misses = format!(
        "SELECT $abcdef$ {} $abcdef$;",
        "$abcde $abcdeX ".repeat(100_000)
    );
    assert_eq!(
        split(&near_misses, Dialect::Postgres).map(|s| s.len()),
        Ok(1)
    );

    // One deeply nested block comment, and a long compound body.
    let nested = format!("{}{} SELECT 1;", "/*".repeat(100_000), "*/".repeat(100_000));
    assert_eq!(split(&nested, Dialect::Postgres).map(|s| s.len()), Ok(1));
    let body = format!(
        "CREATE TRIGGER t AFTER INSERT ON x BEGIN {} END; SELECT 1;",
        "SELECT CASE WHEN 1 THEN 2 END; ".repeat(50_000)
    );
    assert_eq!(split(&body, Dialect::Mysql).map(|s| s.len()), Ok(2));

    // A custom delimiter that can occur inside words.
    let dollars = format!("DELIMITER $$\n{}", "SELECT a1$$ ".repeat(100_000));
    assert_eq!(
        split(&dollars, Dialect::Mysql).map(|s| s.len()),
        Ok(100_000)
    );
}
