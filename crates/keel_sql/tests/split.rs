//! Specification of `keel_sql::split`, rule by rule and dialect by dialect.

use keel_sql::{split, Dialect, SplitError, Statement};

const ALL: [Dialect; 3] = Dialect::ALL;

fn statements(source: &str, dialect: Dialect) -> Vec<Statement> {
    split(source, dialect)
        .unwrap_or_else(|e| panic!("{} split failed: {e}\nsource:\n{source}", dialect.name()))
}

fn texts(source: &str, dialect: Dialect) -> Vec<String> {
    statements(source, dialect)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

fn positions(source: &str, dialect: Dialect) -> Vec<(usize, usize)> {
    statements(source, dialect)
        .iter()
        .map(|s| (s.line, s.column))
        .collect()
}

fn error(source: &str, dialect: Dialect) -> SplitError {
    match split(source, dialect) {
        Ok(found) => panic!("{} split should fail, got {found:#?}", dialect.name()),
        Err(e) => e,
    }
}

/// Asserts the statement texts for every listed dialect.
fn assert_texts(source: &str, dialects: &[Dialect], expected: &[&str]) {
    for &dialect in dialects {
        assert_eq!(
            texts(source, dialect),
            expected,
            "dialect {}",
            dialect.name()
        );
    }
}

mod dialect {
    use super::*;

    #[test]
    fn names_are_lower_case_and_stable() {
        assert_eq!(Dialect::Sqlite.name(), "sqlite");
        assert_eq!(Dialect::Postgres.name(), "postgres");
        assert_eq!(Dialect::Mysql.name(), "mysql");
        assert_eq!(Dialect::Mysql.to_string(), "mysql");
    }

    #[test]
    fn can_be_looked_up_by_name_or_alias() {
        assert_eq!(Dialect::from_name("SQLite"), Some(Dialect::Sqlite));
        assert_eq!(Dialect::from_name("postgresql"), Some(Dialect::Postgres));
        assert_eq!(Dialect::from_name("mariadb"), Some(Dialect::Mysql));
        assert_eq!(Dialect::from_name("oracle"), None);
    }
}

mod all_dialects {
    use super::*;

    #[test]
    fn empty_input_has_no_statements() {
        for dialect in ALL {
            assert!(statements("", dialect).is_empty());
            assert!(statements(" \n\t\r\n ", dialect).is_empty());
        }
    }

    #[test]
    fn input_with_only_comments_has_no_statements() {
        let source = "-- just a note; nothing to run\n/* block; comment */\n  -- another\n";
        for dialect in ALL {
            assert!(statements(source, dialect).is_empty());
        }
    }

    #[test]
    fn empty_statements_are_dropped() {
        assert_texts(";;\n ; SELECT 1;;; -- x;\n ;", &ALL, &["SELECT 1"]);
    }

    #[test]
    fn a_final_statement_without_delimiter_is_returned() {
        assert_texts("SELECT 1;\nSELECT 2", &ALL, &["SELECT 1", "SELECT 2"]);
        assert_texts("SELECT 1;\nSELECT 2\n\n", &ALL, &["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn statement_text_is_trimmed_and_excludes_the_delimiter() {
        assert_texts("  \n\tSELECT\n  1  \n ;  ", &ALL, &["SELECT\n  1"]);
    }

    #[test]
    fn offsets_line_and_column_point_at_the_first_token() {
        let source = "SELECT 1;\n\n   INSERT INTO t\n  VALUES (1);  UPDATE t SET a = 2";
        for dialect in ALL {
            let found = statements(source, dialect);
            assert_eq!(found.len(), 3);
            assert_eq!(
                (found[0].start, found[0].end, found[0].line, found[0].column),
                (0, 8, 1, 1)
            );
            assert_eq!((found[1].line, found[1].column), (3, 4));
            assert_eq!(
                &source[found[1].start..found[1].end],
                "INSERT INTO t\n  VALUES (1)"
            );
            assert_eq!((found[2].line, found[2].column), (4, 16));
            assert_eq!(&source[found[2].start..found[2].end], "UPDATE t SET a = 2");
        }
    }

    #[test]
    fn leading_comments_are_not_part_of_the_statement() {
        let source = "-- create it\n/* really */ CREATE TABLE t (a INT);\n-- then fill it\nINSERT INTO t VALUES (1);";
        for dialect in ALL {
            assert_eq!(
                texts(source, dialect),
                ["CREATE TABLE t (a INT)", "INSERT INTO t VALUES (1)"]
            );
            assert_eq!(positions(source, dialect), [(2, 14), (4, 1)]);
        }
    }

    #[test]
    fn comments_inside_a_statement_are_kept_but_trailing_ones_are_not() {
        let source = "SELECT a, -- first; column\n  b /* second; */ FROM t -- trailing; note\n;";
        assert_texts(
            source,
            &ALL,
            &["SELECT a, -- first; column\n  b /* second; */ FROM t"],
        );
    }

    #[test]
    fn semicolons_in_comments_never_split() {
        let source = "SELECT 1 /* ; */ + 2; -- ; ; ;\n/* ;\n; */ SELECT 3";
        assert_texts(source, &ALL, &["SELECT 1 /* ; */ + 2", "SELECT 3"]);
    }

    #[test]
    fn semicolons_and_doubled_quotes_in_strings_never_split() {
        let source = "INSERT INTO t VALUES ('a;b', 'it''s; fine', '');\nSELECT ';'";
        assert_texts(
            source,
            &ALL,
            &[
                "INSERT INTO t VALUES ('a;b', 'it''s; fine', '')",
                "SELECT ';'",
            ],
        );
    }

    #[test]
    fn crlf_line_endings_are_handled() {
        let source = "-- header\r\nSELECT 1;\r\n\r\nSELECT\r\n  2;\r\n";
        for dialect in ALL {
            assert_eq!(texts(source, dialect), ["SELECT 1", "SELECT\r\n  2"]);
            assert_eq!(positions(source, dialect), [(2, 1), (4, 1)]);
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let source = "\u{feff}SELECT 1;\nSELECT 2;";
        for dialect in ALL {
            let found = statements(source, dialect);
            assert_eq!(found[0].text, "SELECT 1");
            assert_eq!((found[0].start, found[0].line, found[0].column), (3, 1, 1));
            assert_eq!(found[1].text, "SELECT 2");
        }
    }

    #[test]
    fn non_ascii_text_is_kept_intact_and_columns_count_characters() {
        let source = "/* café; crème */ SELECT 'ünï;cødé 🦀' AS été; SELECT 2";
        for dialect in ALL {
            let found = statements(source, dialect);
            assert_eq!(found[0].text, "SELECT 'ünï;cødé 🦀' AS été");
            assert_eq!(found[0].column, 19);
            assert_eq!(found[1].text, "SELECT 2");
            assert_eq!(found[1].column, 47);
        }
    }

    #[test]
    fn unicode_whitespace_separates_like_ascii_whitespace() {
        assert_texts(
            "\u{3000}SELECT 1\u{a0};\u{2028}SELECT 2",
            &ALL,
            &["SELECT 1", "SELECT 2"],
        );
    }

    #[test]
    fn top_level_transaction_statements_are_ordinary_statements() {
        let source = "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nSTART TRANSACTION;\nROLLBACK;";
        assert_texts(
            source,
            &ALL,
            &[
                "BEGIN",
                "INSERT INTO t VALUES (1)",
                "COMMIT",
                "START TRANSACTION",
                "ROLLBACK",
            ],
        );
    }

    #[test]
    fn words_that_merely_contain_keywords_are_not_keywords() {
        let source = "CREATE TRIGGER begin_at AFTER INSERT ON t_end FOR EACH ROW UPDATE x SET begin_at = 1, case_no = 2;\nSELECT 2;";
        assert_texts(
            source,
            &ALL,
            &[
                "CREATE TRIGGER begin_at AFTER INSERT ON t_end FOR EACH ROW UPDATE x SET begin_at = 1, case_no = 2",
                "SELECT 2",
            ],
        );
    }

    #[test]
    fn an_unbalanced_block_at_end_of_input_becomes_the_last_statement() {
        let source = "SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x BEGIN\n  DELETE FROM y;\n  DELETE FROM z;\n";
        assert_texts(
            source,
            &[Dialect::Sqlite, Dialect::Mysql],
            &[
                "SELECT 1",
                "CREATE TRIGGER t AFTER INSERT ON x BEGIN\n  DELETE FROM y;\n  DELETE FROM z;",
            ],
        );
    }

    #[test]
    fn an_unterminated_string_is_an_error_at_its_opening_quote() {
        let source = "SELECT 1;\nSELECT 'abc;\nSELECT 2;";
        for dialect in ALL {
            let e = error(source, dialect);
            assert_eq!((e.line, e.column), (2, 8));
            assert_eq!(e.message, "unterminated string literal starting here");
            assert_eq!(
                e.to_string(),
                "line 2, column 8: unterminated string literal starting here"
            );
        }
    }

    #[test]
    fn an_unterminated_block_comment_is_an_error_at_its_opening() {
        for dialect in ALL {
            let e = error("SELECT 1; /* where does\nthis end;", dialect);
            assert_eq!((e.line, e.column), (1, 11));
            assert_eq!(e.message, "unterminated block comment");
        }
    }

    #[test]
    fn errors_count_columns_in_characters() {
        for dialect in ALL {
            let e = error("SELECT 'é', 'ü", dialect);
            assert_eq!((e.line, e.column), (1, 13));
        }
    }
}

mod sqlite {
    use super::*;

    const D: Dialect = Dialect::Sqlite;

    #[test]
    fn double_quoted_identifiers_may_contain_semicolons_and_doubled_quotes() {
        assert_eq!(
            texts(r#"CREATE TABLE "a;""b" (x);SELECT 1"#, D),
            [r#"CREATE TABLE "a;""b" (x)"#, "SELECT 1"]
        );
    }

    #[test]
    fn backtick_and_bracket_identifiers_are_quoted() {
        assert_eq!(
            texts("SELECT `a;``b`, [c;d] FROM t; SELECT 2", D),
            ["SELECT `a;``b`, [c;d] FROM t", "SELECT 2"]
        );
    }

    #[test]
    fn backslash_is_not_an_escape() {
        assert_eq!(
            texts(r"SELECT 'C:\'; SELECT 2", D),
            [r"SELECT 'C:\'", "SELECT 2"]
        );
    }

    #[test]
    fn hash_is_not_a_comment() {
        assert_eq!(
            texts("SELECT 1 # 2; SELECT 3", D),
            ["SELECT 1 # 2", "SELECT 3"]
        );
    }

    #[test]
    fn trigger_body_with_several_statements_is_one_statement() {
        let source = "\
CREATE TRIGGER audit AFTER UPDATE ON accounts
BEGIN
  UPDATE accounts SET touched = 1 WHERE id = NEW.id;
  INSERT INTO log (msg) VALUES ('updated; ok');
END;
SELECT 1;";
        let found = statements(source, D);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].text,
            "CREATE TRIGGER audit AFTER UPDATE ON accounts\nBEGIN\n  UPDATE accounts SET touched = 1 WHERE id = NEW.id;\n  INSERT INTO log (msg) VALUES ('updated; ok');\nEND"
        );
        assert_eq!(found[1].text, "SELECT 1");
        assert_eq!(found[1].line, 6);
    }

    #[test]
    fn trigger_body_with_a_case_expression_is_one_statement() {
        let source = "\
CREATE TEMP TRIGGER IF NOT EXISTS grade AFTER INSERT ON scores
BEGIN
  UPDATE scores SET grade = CASE WHEN NEW.points > 90 THEN 'A' ELSE 'B' END WHERE id = NEW.id;
  SELECT CASE NEW.points WHEN 0 THEN RAISE(ABORT, 'zero; points') END;
END;
INSERT INTO scores VALUES (1, 95);";
        let found = texts(source, D);
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("CREATE TEMP TRIGGER"));
        assert!(found[0].ends_with("END;\nEND"));
        assert_eq!(found[1], "INSERT INTO scores VALUES (1, 95)");
    }

    #[test]
    fn qualified_columns_named_like_keywords_do_not_count() {
        let source = "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = NEW.end + NEW.case; END; SELECT 2";
        assert_eq!(
            texts(source, D),
            [
                "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = NEW.end + NEW.case; END",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn quoted_keywords_do_not_count() {
        let source = r#"CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET "end" = 'END', [case] = 1; END; SELECT 2"#;
        assert_eq!(texts(source, D).len(), 2);
    }

    #[test]
    fn transactions_are_plain_statements() {
        assert_eq!(
            texts(
                "BEGIN TRANSACTION; CREATE TABLE t (a); END TRANSACTION; BEGIN IMMEDIATE; COMMIT",
                D
            ),
            [
                "BEGIN TRANSACTION",
                "CREATE TABLE t (a)",
                "END TRANSACTION",
                "BEGIN IMMEDIATE",
                "COMMIT"
            ]
        );
    }

    #[test]
    fn unterminated_bracket_identifier_is_an_error() {
        let e = error("SELECT 1;\n  SELECT [oops FROM t;", D);
        assert_eq!((e.line, e.column), (2, 10));
        assert_eq!(e.message, "unterminated quoted identifier starting here");
    }

    #[test]
    fn unterminated_double_quoted_identifier_is_an_error() {
        let e = error("SELECT \"a\"\"b;", D);
        assert_eq!((e.line, e.column), (1, 8));
        assert_eq!(e.message, "unterminated quoted identifier starting here");
    }
}

mod postgres {
    use super::*;

    const D: Dialect = Dialect::Postgres;

    #[test]
    fn block_comments_nest() {
        let source =
            "/* outer /* inner; */ still comment; */ SELECT 1; SELECT /* a /* b */ c */ 2;";
        assert_eq!(texts(source, D), ["SELECT 1", "SELECT /* a /* b */ c */ 2"]);
    }

    #[test]
    fn block_comments_do_not_nest_in_other_dialects() {
        let source = "/* a /* b */ SELECT 1; SELECT 2";
        assert_eq!(texts(source, Dialect::Sqlite), ["SELECT 1", "SELECT 2"]);
        assert_eq!(texts(source, Dialect::Mysql), ["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn an_unclosed_nested_comment_is_an_error_at_the_outer_opening() {
        let e = error("SELECT 1;\n/* a /* b */ SELECT 2;", D);
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(e.message, "unterminated block comment");
    }

    #[test]
    fn double_quoted_identifiers_may_contain_semicolons() {
        assert_eq!(
            texts(r#"SELECT "a;""b" FROM t; SELECT 2"#, D),
            [r#"SELECT "a;""b" FROM t"#, "SELECT 2"]
        );
    }

    #[test]
    fn plain_strings_do_not_honour_backslashes() {
        assert_eq!(
            texts(r"SELECT 'C:\'; SELECT 2", D),
            [r"SELECT 'C:\'", "SELECT 2"]
        );
    }

    #[test]
    fn escape_strings_honour_backslashes() {
        let source = r"SELECT E'it\'s; fine', e'\\'; SELECT 2";
        assert_eq!(
            texts(source, D),
            [r"SELECT E'it\'s; fine', e'\\'", "SELECT 2"]
        );
    }

    #[test]
    fn unicode_escape_strings_are_plain_strings() {
        let source = r"SELECT U&'d\0061t\+000061;'; SELECT 2";
        assert_eq!(
            texts(source, D),
            [r"SELECT U&'d\0061t\+000061;'", "SELECT 2"]
        );
    }

    #[test]
    fn dollar_quotes_hide_semicolons_and_quotes() {
        let source = "SELECT $$it's; a 'test'$$; SELECT 2";
        assert_eq!(texts(source, D), ["SELECT $$it's; a 'test'$$", "SELECT 2"]);
    }

    #[test]
    fn tagged_dollar_quotes_may_contain_other_tags() {
        let source = "SELECT $outer$ a $$ b; $inner$ c; $inner$ $$ $outer$; SELECT 2";
        assert_eq!(
            texts(source, D),
            [
                "SELECT $outer$ a $$ b; $inner$ c; $inner$ $$ $outer$",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn dollar_quote_tags_are_case_sensitive() {
        let source = "SELECT $Tag$ a $tag$; b $Tag$; SELECT 2";
        assert_eq!(
            texts(source, D),
            ["SELECT $Tag$ a $tag$; b $Tag$", "SELECT 2"]
        );
    }

    #[test]
    fn positional_parameters_are_not_dollar_quotes() {
        let source = "SELECT $1, $2::int; UPDATE t SET a = $10 WHERE b = $1;";
        assert_eq!(
            texts(source, D),
            ["SELECT $1, $2::int", "UPDATE t SET a = $10 WHERE b = $1"]
        );
    }

    #[test]
    fn identifiers_containing_dollars_do_not_open_dollar_quotes() {
        let source = "SELECT price$usd$ FROM t; SELECT a$b FROM t;";
        assert_eq!(
            texts(source, D),
            ["SELECT price$usd$ FROM t", "SELECT a$b FROM t"]
        );
    }

    #[test]
    fn hash_is_an_operator_not_a_comment() {
        assert_eq!(
            texts("SELECT 5 # 3; SELECT 2", D),
            ["SELECT 5 # 3", "SELECT 2"]
        );
    }

    #[test]
    fn do_block_in_dollar_quotes_is_one_statement() {
        let source = "\
DO $$
BEGIN
  RAISE NOTICE 'hello; world';
  PERFORM 1;
END
$$;
SELECT 1;";
        assert_eq!(
            texts(source, D),
            [
                "DO $$\nBEGIN\n  RAISE NOTICE 'hello; world';\n  PERFORM 1;\nEND\n$$",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn plpgsql_function_in_dollar_quotes_is_one_statement() {
        let source = "\
CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
SELECT 1;";
        let found = statements(source, D);
        assert_eq!(found.len(), 3);
        assert!(found[0].text.ends_with("$body$ LANGUAGE plpgsql"));
        assert_eq!(
            found[1].text,
            "CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()"
        );
        assert_eq!((found[1].line, found[2].line), (7, 8));
        assert_eq!(found[2].text, "SELECT 1");
    }

    #[test]
    fn trigger_without_body_ends_at_its_semicolon() {
        let source = "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f();\nUPDATE x SET a = 1;";
        let found = statements(source, D);
        assert_eq!(
            found.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            [
                "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()",
                "UPDATE x SET a = 1"
            ]
        );
        assert_eq!((found[1].line, found[1].column), (2, 1));
    }

    #[test]
    fn sql_standard_function_body_with_begin_atomic_is_one_statement() {
        let source = "\
CREATE FUNCTION grade(points int) RETURNS text LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN points > 90 THEN 'A' ELSE 'B' END;
  SELECT 'done;';
END;
CREATE PROCEDURE log_it(msg text) LANGUAGE sql BEGIN ATOMIC INSERT INTO log VALUES (msg); END;
SELECT 3;";
        assert_eq!(
            texts(source, D),
            [
                "CREATE FUNCTION grade(points int) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN points > 90 THEN 'A' ELSE 'B' END;\n  SELECT 'done;';\nEND",
                "CREATE PROCEDURE log_it(msg text) LANGUAGE sql BEGIN ATOMIC INSERT INTO log VALUES (msg); END",
                "SELECT 3"
            ]
        );
    }

    #[test]
    fn begin_without_atomic_does_not_open_a_block_in_function_headers() {
        let source = "CREATE FUNCTION f() RETURNS TABLE (begin int) AS $$ SELECT 1 $$ LANGUAGE sql; SELECT 2;";
        assert_eq!(
            texts(source, D),
            [
                "CREATE FUNCTION f() RETURNS TABLE (begin int) AS $$ SELECT 1 $$ LANGUAGE sql",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn unterminated_dollar_quote_is_an_error_naming_its_tag() {
        let source =
            "SELECT 1;\n\nCREATE FUNCTION f() AS $body$\nBEGIN; END;\n$$ LANGUAGE plpgsql;";
        let e = error(source, D);
        assert_eq!((e.line, e.column), (3, 24));
        assert_eq!(
            e.message,
            "unterminated dollar-quoted string $body$ (opened at line 3)"
        );
    }

    #[test]
    fn unterminated_escape_string_is_an_error_at_its_prefix() {
        let e = error(r"SELECT E'abc\';", D);
        assert_eq!((e.line, e.column), (1, 8));
        assert_eq!(e.message, "unterminated string literal starting here");
    }

    #[test]
    fn unterminated_quoted_identifier_is_an_error() {
        let e = error("SELECT \"abc;", D);
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 8, "unterminated quoted identifier starting here")
        );
    }
}

mod mysql {
    use super::*;

    const D: Dialect = Dialect::Mysql;

    #[test]
    fn hash_starts_a_line_comment() {
        let source = "# setup; first\nSELECT 1; # trailing; note\nSELECT 2 # x;\n;";
        assert_eq!(texts(source, D), ["SELECT 1", "SELECT 2"]);
        assert_eq!(positions(source, D), [(2, 1), (3, 1)]);
    }

    #[test]
    fn double_dash_is_a_comment_only_before_whitespace_or_control_characters() {
        assert_eq!(
            texts("SELECT 5--1;\nSELECT 2", D),
            ["SELECT 5--1", "SELECT 2"]
        );
        assert_eq!(
            texts("SELECT 5 --x;\nSELECT 2", D),
            ["SELECT 5 --x", "SELECT 2"]
        );
        assert_eq!(
            texts("SELECT 1 -- c;\n;SELECT 2", D),
            ["SELECT 1", "SELECT 2"]
        );
        assert_eq!(
            texts("SELECT 1 --\t;\n;SELECT 2", D),
            ["SELECT 1", "SELECT 2"]
        );
        assert_eq!(texts("SELECT 1;--", D), ["SELECT 1"]);
    }

    #[test]
    fn double_dash_is_always_a_comment_elsewhere() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            assert_eq!(
                texts("SELECT 1 --x;\n, 2; SELECT 3", dialect),
                ["SELECT 1 --x;\n, 2", "SELECT 3"]
            );
        }
    }

    #[test]
    fn strings_honour_backslash_escapes() {
        let source = r#"SELECT 'it\'s;', "say \";\"", 'a''b', "c""d"; SELECT 'C:\\'; SELECT 3"#;
        assert_eq!(
            texts(source, D),
            [
                r#"SELECT 'it\'s;', "say \";\"", 'a''b', "c""d""#,
                r"SELECT 'C:\\'",
                "SELECT 3"
            ]
        );
    }

    #[test]
    fn backtick_identifiers_may_contain_semicolons_and_doubled_backticks() {
        assert_eq!(
            texts("SELECT `a;``b` FROM `t;`; SELECT 2", D),
            ["SELECT `a;``b` FROM `t;`", "SELECT 2"]
        );
    }

    #[test]
    fn executable_comments_and_hints_are_statement_text() {
        let source = "/*!40101 SET NAMES utf8mb4 */;\n/* plain; */\nSELECT /*+ MAX_EXECUTION_TIME(1000) */ 1;";
        assert_eq!(
            texts(source, D),
            [
                "/*!40101 SET NAMES utf8mb4 */",
                "SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1"
            ]
        );
    }

    #[test]
    fn delimiter_command_with_double_slash() {
        let source = "\
DELIMITER //
CREATE PROCEDURE p()
BEGIN
  SELECT 1;
  SELECT 2;
END //
DELIMITER ;
CALL p();";
        let found = statements(source, D);
        assert_eq!(
            found.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            [
                "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND",
                "CALL p()"
            ]
        );
        assert_eq!((found[0].line, found[1].line), (2, 8));
    }

    #[test]
    fn delimiter_command_with_double_dollar_also_ends_words() {
        let source = "\
delimiter $$
CREATE FUNCTION f() RETURNS INT DETERMINISTIC
BEGIN
  RETURN 1;
END$$
SELECT 1$$ SELECT 2$$
Delimiter ;
SELECT f();";
        assert_eq!(
            texts(source, D),
            [
                "CREATE FUNCTION f() RETURNS INT DETERMINISTIC\nBEGIN\n  RETURN 1;\nEND",
                "SELECT 1",
                "SELECT 2",
                "SELECT f()"
            ]
        );
    }

    #[test]
    fn delimiter_argument_may_be_quoted_and_followed_by_more_text() {
        let source = "DELIMITER '//' ignored\nSELECT 1; SELECT 2//\nDELIMITER ;\nSELECT 3;";
        assert_eq!(texts(source, D), ["SELECT 1; SELECT 2", "SELECT 3"]);
    }

    #[test]
    fn delimiter_is_only_a_command_at_the_start_of_a_statement() {
        let source = "SELECT delimiter FROM t;\nSELECT 1 AS x,\ndelimiter //\n;";
        assert_eq!(
            texts(source, D),
            ["SELECT delimiter FROM t", "SELECT 1 AS x,\ndelimiter //"]
        );
    }

    #[test]
    fn delimiter_is_not_a_command_in_other_dialects() {
        assert_eq!(
            texts("DELIMITER //\nSELECT 1;", Dialect::Postgres),
            ["DELIMITER //\nSELECT 1"]
        );
    }

    #[test]
    fn delimiter_without_argument_is_an_error() {
        let e = error("SELECT 1;\n  DELIMITER  \nSELECT 2;", D);
        assert_eq!((e.line, e.column), (2, 3));
        assert_eq!(e.message, "DELIMITER needs a delimiter");
        let e = error("DELIMITER", D);
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 1, "DELIMITER needs a delimiter")
        );
    }

    #[test]
    fn trigger_with_begin_end_body_needs_no_delimiter_command() {
        let source = "\
CREATE TRIGGER ins_sum BEFORE INSERT ON account
FOR EACH ROW
BEGIN
  SET @sum = @sum + NEW.amount;
  INSERT INTO audit VALUES (NEW.id, 'insert; ok');
END;
INSERT INTO account VALUES (1, 10);";
        let found = texts(source, D);
        assert_eq!(found.len(), 2);
        assert!(found[0].ends_with("'insert; ok');\nEND"));
        assert_eq!(found[1], "INSERT INTO account VALUES (1, 10)");
    }

    #[test]
    fn trigger_without_block_ends_at_the_first_semicolon() {
        let source = "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = IF(NEW.a > 0, 1, 0);\nSELECT 2;";
        assert_eq!(
            texts(source, D),
            [
                "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = IF(NEW.a > 0, 1, 0)",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn procedure_with_if_case_and_loops_needs_no_delimiter_command() {
        let source = "\
CREATE DEFINER=`root`@`localhost` PROCEDURE classify(IN n INT, OUT label VARCHAR(10))
BEGIN
  DECLARE i INT DEFAULT 0;
  IF n < 0 THEN
    SET label = 'negative';
  ELSEIF n = 0 THEN
    SET label = IF(n = 0, 'zero', 'never');
  ELSE
    CASE n
      WHEN 1 THEN SET label = 'one';
      ELSE SET label = CASE WHEN n < 10 THEN 'small' ELSE 'big' END;
    END CASE;
  END IF;
  WHILE i < n DO
    SET i = i + 1;
  END WHILE;
  outer_loop: LOOP
    BEGIN
      SET i = i - 1;
    END;
    IF i <= 0 THEN LEAVE outer_loop; END IF;
  END LOOP outer_loop;
  REPEAT SET i = i + 1; UNTIL i > 3 END REPEAT;
END;
CALL classify(5, @label);";
        let found = statements(source, D);
        assert_eq!(found.len(), 2);
        assert!(found[0]
            .text
            .starts_with("CREATE DEFINER=`root`@`localhost` PROCEDURE classify"));
        assert!(found[0].text.ends_with("END REPEAT;\nEND"));
        assert_eq!(found[1].text, "CALL classify(5, @label)");
        assert_eq!(found[1].line, 25);
    }

    #[test]
    fn function_and_event_bodies_need_no_delimiter_command() {
        let source = "\
CREATE FUNCTION sign_of(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN CASE WHEN x < 0 THEN -1 WHEN x > 0 THEN 1 ELSE 0 END;
END;
CREATE EVENT cleanup ON SCHEDULE EVERY 1 DAY DO
BEGIN
  DELETE FROM sessions WHERE expired;
  DELETE FROM tokens WHERE expired;
END;
CREATE EVENT ping ON SCHEDULE EVERY 1 HOUR DO UPDATE t SET n = n + 1;
SELECT 1;";
        let found = texts(source, D);
        assert_eq!(found.len(), 4);
        assert!(found[0].starts_with("CREATE FUNCTION sign_of"));
        assert!(found[1].starts_with("CREATE EVENT cleanup"));
        assert_eq!(
            found[2],
            "CREATE EVENT ping ON SCHEDULE EVERY 1 HOUR DO UPDATE t SET n = n + 1"
        );
        assert_eq!(found[3], "SELECT 1");
    }

    #[test]
    fn mariadb_begin_not_atomic_is_a_compound_statement() {
        let source = "BEGIN NOT ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nBEGIN WORK;\nCOMMIT;";
        assert_eq!(
            texts(source, D),
            [
                "BEGIN NOT ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND",
                "BEGIN WORK",
                "COMMIT"
            ]
        );
    }

    #[test]
    fn a_custom_delimiter_ends_statements_regardless_of_blocks() {
        let source = "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1;;\nSELECT 2;;";
        assert_eq!(
            texts(source, D),
            [
                "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn mysqldump_style_triggers_split_on_the_custom_delimiter() {
        let source = "\
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN
  SET NEW.a = 1;
END */;;
DELIMITER ;
/*!40101 SET character_set_client = @saved_cs_client */;";
        let found = texts(source, D);
        assert_eq!(found.len(), 2);
        assert!(found[0].ends_with("END */"));
        assert_eq!(
            found[1],
            "/*!40101 SET character_set_client = @saved_cs_client */"
        );
    }

    #[test]
    fn unterminated_backtick_identifier_is_an_error() {
        let e = error("SELECT 1;\nSELECT `abc;", D);
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (2, 8, "unterminated quoted identifier starting here")
        );
    }

    #[test]
    fn unterminated_double_quoted_string_is_an_error() {
        let e = error(r#"SELECT "abc\";"#, D);
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 8, "unterminated string literal starting here")
        );
    }
}
