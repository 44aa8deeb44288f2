//! Runs the rules over a set of migrations and applies suppressions.

use std::collections::{BTreeSet, HashMap};

use keel_sql::Dialect;

use crate::git::GitFacts;
use crate::ir::{Op, OpKind, Span};
use crate::parse::{parse_script, ParsedScript};
use crate::registry::{Rule, RULES};
use crate::suppress::Suppressions;
use crate::{Finding, Severity};

/// What the rules need to know about an engine. Dialect differences live here, as facts,
/// instead of as `match dialect` ladders in every rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DialectFacts {
    pub dialect: Dialect,
    /// InnoDB creates an index for every foreign key by itself.
    pub indexes_foreign_keys: bool,
    /// CREATE/DROP INDEX IF [NOT] EXISTS exists.
    pub index_if_exists: bool,
    /// ADD/DROP COLUMN IF [NOT] EXISTS exists.
    pub column_if_exists: bool,
    /// Identifier length limit in bytes (0: none).
    pub max_identifier_bytes: usize,
    /// `SCHEMA` is another word for `DATABASE` (MySQL).
    pub schema_is_database: bool,
    /// keel runs each migration in a transaction unless it says `-- keel:no-transaction`
    /// (PostgreSQL, SQLite); MySQL commits every DDL statement on its own.
    pub transactional_ddl: bool,
}

impl DialectFacts {
    pub fn of(dialect: Dialect) -> Self {
        match dialect {
            Dialect::Sqlite => Self {
                dialect,
                indexes_foreign_keys: false,
                index_if_exists: true,
                column_if_exists: false,
                max_identifier_bytes: 0,
                schema_is_database: false,
                transactional_ddl: true,
            },
            Dialect::Postgres => Self {
                dialect,
                indexes_foreign_keys: false,
                index_if_exists: true,
                column_if_exists: true,
                max_identifier_bytes: 63,
                schema_is_database: false,
                transactional_ddl: true,
            },
            Dialect::Mysql => Self {
                dialect,
                indexes_foreign_keys: true,
                index_if_exists: false,
                column_if_exists: false,
                max_identifier_bytes: 64,
                schema_is_database: true,
                transactional_ddl: false,
            },
        }
    }
}

/// One script (an up or a down) of a migration, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Script {
    /// The file, as displayed.
    pub file: String,
    /// The file's whole text (for suppressions and rendering).
    pub file_text: String,
    /// The script's statements and ops.
    pub parsed: ParsedScript,
    /// Runs outside a transaction (`-- keel:no-transaction` or the layout's own flag).
    pub no_transaction: bool,
    /// What the migration declares it may lose (`-- keel:allows-loss photos.caption`).
    pub allows_loss: Vec<String>,
}

impl Script {
    pub fn new(
        file: String,
        file_text: String,
        text: &str,
        first_line: usize,
        no_transaction: bool,
        dialect: Dialect,
    ) -> Self {
        Self {
            file,
            parsed: parse_script(text, first_line, dialect),
            allows_loss: keel_migrate::Directives::parse(&file_text).allows_loss,
            file_text,
            no_transaction,
        }
    }

    pub fn ops(&self) -> &[Op] {
        &self.parsed.ops
    }
}

/// Whether a migration has a down script.
#[derive(Debug, Clone)]
pub(crate) enum Down {
    /// A down script (possibly empty).
    Script(Script),
    /// The layout expects one and there is none; the path it expected.
    Missing(String),
    /// A loose SQL file, not part of a migration folder: no down expected.
    NotApplicable,
    /// A migration read by a front end (Laravel's PHP) whose down step is absent or empty:
    /// the message says which, the span points at it.
    Lacking {
        /// What is missing, for the finding.
        message: String,
        /// Where (the `down()` method, or the class).
        span: Span,
    },
}

/// One migration.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Version (`0003`); empty for a loose file.
    pub id: String,
    /// Absolute path of the up file (for git comparisons).
    pub up_path: std::path::PathBuf,
    pub up: Script,
    pub down: Down,
    /// Parts a front end could not follow statically (PHP loops, variables), with where.
    pub opaque: Vec<(Span, String)>,
}

impl Script {
    /// Whether a failure half way can leave this script half-applied: it runs outside a
    /// transaction (`-- keel:no-transaction`), or on an engine that commits each DDL statement
    /// (MySQL).
    pub fn partial_failure_possible(&self, facts: &DialectFacts) -> bool {
        self.no_transaction || !facts.transactional_ddl
    }

    /// Whether keel runs this script inside a transaction of its own.
    pub fn in_keel_transaction(&self, facts: &DialectFacts) -> bool {
        facts.transactional_ddl && !self.no_transaction
    }
}

impl Unit {
    /// Whether `table` is created by this migration's up script (so it is empty and unused:
    /// locks and rewrites on it cost nothing).
    pub fn creates(&self, table: &str) -> bool {
        self.up.ops().iter().any(|o| match &o.kind {
            OpKind::CreateTable { table: t, .. } => t == table,
            OpKind::RenameTable { to, .. } => to == table,
            _ => false,
        })
    }
}

/// Everything the rules see.
#[derive(Debug)]
pub(crate) struct Run {
    pub facts: DialectFacts,
    /// Migrations, oldest first.
    pub units: Vec<Unit>,
    /// Facts from git, with `--since`.
    pub git: Option<GitFacts>,
}

/// Where a rule reports.
pub(crate) struct Sink<'a> {
    rule: &'static Rule,
    findings: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    /// Reports a finding.
    pub fn report(
        &mut self,
        file: &str,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.findings.push(Finding {
            rule: self.rule.id.to_string(),
            severity: self.rule.severity,
            file: file.to_string(),
            line: span.line,
            column: span.column,
            end_line: span.end_line,
            end_column: span.end_column,
            message: message.into(),
            help: help.into(),
        });
    }

    /// Reports a finding about a whole file (first line).
    pub fn report_file(&mut self, file: &str, message: impl Into<String>, help: impl Into<String>) {
        self.report(
            file,
            Span {
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
            },
            message,
            help,
        );
    }
}

fn rule_of(id: &str) -> &'static Rule {
    crate::registry::rule(id).unwrap_or(&RULES[0])
}

/// Runs every rule that is not in `disabled` (the project's disabled rules and the opt-in rules
/// it did not enable), then applies suppressions.
pub(crate) fn run_rules(run: &Run, disabled: &BTreeSet<String>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        if disabled.contains(rule.id) || !rule.applies_to(run.facts.dialect) {
            continue;
        }
        if let Some(check) = rule.check {
            let mut sink = Sink {
                rule,
                findings: &mut findings,
            };
            check(run, &mut sink);
        }
    }
    if !disabled.contains("syntax-error") {
        let mut sink = Sink {
            rule: rule_of("syntax-error"),
            findings: &mut findings,
        };
        for unit in &run.units {
            let scripts = std::iter::once(&unit.up).chain(match &unit.down {
                Down::Script(s) => Some(s),
                _ => None,
            });
            for script in scripts {
                for e in &script.parsed.errors {
                    sink.report(
                        &script.file,
                        e.span,
                        format!("this is not valid SQL: {}", e.message),
                        "fix the statement; keel could not check it",
                    );
                }
            }
        }
    }
    apply_suppressions(run, disabled, findings)
}

fn apply_suppressions(
    run: &Run,
    disabled: &BTreeSet<String>,
    findings: Vec<Finding>,
) -> Vec<Finding> {
    // One suppression table per file (a dbmate file holds up and down), found by name.
    let mut by_file: HashMap<&str, usize> = HashMap::new();
    let mut sources: Vec<(&str, &str, Vec<Span>)> = Vec::new();
    for unit in &run.units {
        let scripts = std::iter::once(&unit.up).chain(match &unit.down {
            Down::Script(s) => Some(s),
            _ => None,
        });
        for s in scripts {
            let statements = s.parsed.statements.iter().map(|st| st.span);
            match by_file.get(s.file.as_str()) {
                Some(&i) => sources[i].2.extend(statements),
                None => {
                    by_file.insert(&s.file, sources.len());
                    sources.push((&s.file, &s.file_text, statements.collect()));
                }
            }
        }
    }
    let mut files: Vec<(&str, Suppressions)> = sources
        .into_iter()
        .map(|(file, text, spans)| (file, Suppressions::parse(text, &spans)))
        .collect();
    let mut kept = Vec::new();
    for f in findings {
        let suppressed = by_file
            .get(f.file.as_str())
            .is_some_and(|&i| files[i].1.matches(&f.rule, f.line));
        if !suppressed {
            kept.push(f);
        }
    }
    if !disabled.contains("unused-suppression") {
        let rule = rule_of("unused-suppression");
        let mut sink = Sink {
            rule,
            findings: &mut kept,
        };
        for (file, sup) in &files {
            for u in sup.unused() {
                // A suppression of a rule that is off is not stale: the rule may come back.
                if disabled.contains(&u.rule) {
                    continue;
                }
                let message = if crate::registry::rule(&u.rule).is_none() {
                    format!("`{}` is not a keel lint rule", u.rule)
                } else {
                    format!("this suppression of `{}` matched no finding", u.rule)
                };
                sink.report(
                    file,
                    u.span,
                    message,
                    "remove it, or fix the rule id (`keel lint --explain RULE` lists the ids)",
                );
            }
        }
    }
    kept.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.rule).cmp(&(&b.file, b.line, b.column, &b.rule))
    });
    kept.dedup();
    kept
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
