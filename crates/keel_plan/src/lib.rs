//! From two schema snapshots to the DDL that turns one into the other.
//!
//! [`plan`] is written once: it decides *what* must happen and in *which order*, following
//! the dependency rules every mature schema tool converged on — detach dependants of whatever
//! changes, drop, create parents before children, alter, attach indexes and checks, add
//! foreign keys last (so cycles and self-references need no special case), recreate views,
//! routines and triggers, then clean up types and sequences. *How* each step is spelled is the
//! [`Ddl`] trait, implemented once per engine in [`dialect`]. An engine that cannot alter
//! something in place (SQLite) answers `None` and the planner rebuilds the table instead.
//!
//! Renames are never guessed: without a [`RenameHints`] entry a renamed column is a drop and
//! an add, and the drop is flagged destructive. A down script is not the up script reversed:
//! it is `plan(to, from)`, its own diff.
//!
//! ```
//! use keel_model::{Column, Snapshot, Table};
//! use keel_plan::{plan, dialect::Sqlite, PlanOptions};
//! let before = Snapshot::new("sqlite", "3.46");
//! let mut after = before.clone();
//! let mut t = Table::default();
//! t.columns.push(Column::new("id", "INTEGER"));
//! after.schema_mut("main").tables.insert("users".into(), t);
//! let up = plan(&before, &after, &Sqlite, &PlanOptions::default()).unwrap();
//! assert_eq!(up.to_sql(), "CREATE TABLE \"users\" (\n  \"id\" INTEGER NOT NULL\n);\n");
//! ```

#![deny(missing_docs)]

pub mod dialect;
mod planner;

pub use planner::{plan, Ddl, EnumUse, Plan, PlanError, PlanOptions, RenameHints, Step, TableRef};
