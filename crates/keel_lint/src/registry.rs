//! The single table of rules: id, default severity, doc and check are bound here and nowhere
//! else. Adding a rule = one file under `rules/` plus one row below.

use keel_sql::Dialect;

use crate::engine::{Run, Sink};
use crate::rules;
use crate::Severity;

/// A rule's documentation: the text of `keel lint --explain` and of `docs/rules/<id>.md`.
#[derive(Debug)]
pub struct Doc {
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// What it does, in a paragraph.
    pub what: &'static str,
    /// Why the reported pattern is bad.
    pub why: &'static str,
    /// A migration that fires.
    pub bad: &'static str,
    /// The same change written safely.
    pub good: &'static str,
    /// Dialects the rule applies to (empty: all).
    pub dialects: &'static [Dialect],
}

/// How a rule looks for problems.
pub(crate) type Check = fn(&Run, &mut Sink<'_>);

/// One lint rule.
pub struct Rule {
    /// Stable kebab-case id, used in suppressions, `[lint] disable` and output.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Off unless the project turns it on (`[lint] enable` in keel.toml): for rules that
    /// report a matter of style, or a pattern that is often deliberate.
    pub opt_in: bool,
    /// Its documentation.
    pub doc: &'static Doc,
    /// The check (`None` for findings the engine itself produces: `syntax-error`,
    /// `unused-suppression`).
    pub(crate) check: Option<Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

impl Rule {
    /// Whether the rule applies to `dialect`.
    pub fn applies_to(&self, dialect: Dialect) -> bool {
        self.doc.dialects.is_empty() || self.doc.dialects.contains(&dialect)
    }
}

macro_rules! rule {
    ($id:literal, $sev:ident, $module:ident) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            opt_in: false,
            doc: &rules::$module::DOC,
            check: Some(rules::$module::check),
        }
    };
    ($id:literal, $sev:ident, $module:ident, opt_in) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            opt_in: true,
            doc: &rules::$module::DOC,
            check: Some(rules::$module::check),
        }
    };
    ($id:literal, $sev:ident, $module:ident, engine) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            opt_in: false,
            doc: &rules::$module::DOC,
            check: None,
        }
    };
}

/// Every rule, in documentation order. Rules marked `opt_in` run only when enabled.
pub static RULES: &[Rule] = &[
    // History and files (DESIGN §5.5 floor).
    rule!("deleted-migration", Error, deleted_migration),
    rule!("modified-migration", Error, modified_migration),
    rule!("duplicate-version", Error, duplicate_version),
    rule!("out-of-order-version", Error, out_of_order_version),
    rule!("missing-down", Error, missing_down),
    // Data safety.
    rule!("drop-before-copy", Error, drop_before_copy),
    rule!("destructive-drop", Error, destructive_drop),
    rule!("truncate-cascade", Error, truncate_cascade),
    rule!("not-null-without-default", Error, not_null_without_default),
    rule!("rename-breaks-app", Warning, rename_breaks_app),
    rule!("drop-breaks-app", Warning, drop_breaks_app),
    rule!("drop-default", Warning, drop_default),
    rule!(
        "drop-generated-expression",
        Warning,
        drop_generated_expression
    ),
    rule!("identity-change", Warning, identity_change),
    rule!("drop-not-null", Warning, drop_not_null, opt_in),
    rule!("drop-constraint", Warning, drop_constraint, opt_in),
    rule!("enum-value-order", Warning, enum_value_order, opt_in),
    rule!("unique-on-existing-data", Warning, unique_on_existing_data),
    // Shape of a migration.
    rule!("too-many-tables", Warning, too_many_tables),
    rule!("not-idempotent", Warning, not_idempotent),
    rule!("mysql-mixed-ddl-dml", Warning, mysql_mixed_ddl_dml),
    rule!("nested-transaction", Error, nested_transaction),
    rule!("uncommitted-transaction", Error, uncommitted_transaction),
    rule!("fk-without-index", Warning, fk_without_index),
    // Locks and rewrites.
    rule!("blocking-index", Warning, blocking_index),
    rule!("blocking-index-drop", Warning, blocking_index_drop),
    rule!("blocking-reindex", Warning, blocking_reindex),
    rule!(
        "blocking-partition-detach",
        Warning,
        blocking_partition_detach
    ),
    rule!(
        "blocking-unique-constraint",
        Warning,
        blocking_unique_constraint
    ),
    rule!(
        "concurrently-in-transaction",
        Error,
        concurrently_in_transaction
    ),
    rule!("table-rewrite", Warning, table_rewrite),
    rule!("volatile-default", Warning, volatile_default),
    rule!("set-not-null-scan", Warning, set_not_null_scan),
    rule!("fk-not-valid", Warning, fk_not_valid),
    rule!("missing-timeout", Warning, missing_timeout),
    // Types and names.
    rule!(
        "timestamp-without-time-zone",
        Warning,
        timestamp_without_time_zone
    ),
    rule!("small-integer-key", Warning, small_integer_key),
    rule!("char-column", Warning, char_column),
    rule!("identifier-too-long", Error, identifier_too_long),
    rule!("duplicate-column", Error, duplicate_column),
    rule!("smallint-column", Warning, smallint_column, opt_in),
    rule!("serial-column", Warning, serial_column, opt_in),
    rule!("varchar-column", Warning, varchar_column, opt_in),
    rule!("domain-constraint", Warning, domain_constraint, opt_in),
    // Hygiene.
    rule!("opaque-migration", Warning, opaque_migration),
    rule!("syntax-error", Error, syntax_error, engine),
    rule!("unused-suppression", Warning, unused_suppression, engine),
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
