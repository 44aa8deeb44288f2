//! One rule per file: its documentation (`DOC`) and its check. Registered in
//! `registry::RULES`.

pub(crate) mod blocking_index;
pub(crate) mod blocking_index_drop;
pub(crate) mod blocking_partition_detach;
pub(crate) mod blocking_reindex;
pub(crate) mod blocking_unique_constraint;
pub(crate) mod char_column;
pub(crate) mod concurrently_in_transaction;
pub(crate) mod deleted_migration;
pub(crate) mod destructive_drop;
pub(crate) mod domain_constraint;
pub(crate) mod drop_before_copy;
pub(crate) mod drop_breaks_app;
pub(crate) mod drop_constraint;
pub(crate) mod drop_default;
pub(crate) mod drop_generated_expression;
pub(crate) mod drop_not_null;
pub(crate) mod duplicate_column;
pub(crate) mod duplicate_version;
pub(crate) mod enum_value_order;
pub(crate) mod fk_not_valid;
pub(crate) mod fk_without_index;
pub(crate) mod identifier_too_long;
pub(crate) mod identity_change;
pub(crate) mod missing_down;
pub(crate) mod missing_timeout;
pub(crate) mod modified_migration;
pub(crate) mod mysql_mixed_ddl_dml;
pub(crate) mod nested_transaction;
pub(crate) mod not_idempotent;
pub(crate) mod not_null_without_default;
pub(crate) mod opaque_migration;
pub(crate) mod out_of_order_version;
pub(crate) mod rename_breaks_app;
pub(crate) mod serial_column;
pub(crate) mod set_not_null_scan;
pub(crate) mod small_integer_key;
pub(crate) mod smallint_column;
pub(crate) mod syntax_error;
pub(crate) mod table_rewrite;
pub(crate) mod timestamp_without_time_zone;
pub(crate) mod too_many_tables;
pub(crate) mod truncate_cascade;
pub(crate) mod uncommitted_transaction;
pub(crate) mod unique_on_existing_data;
pub(crate) mod unused_suppression;
pub(crate) mod varchar_column;
pub(crate) mod volatile_default;

use crate::engine::{Run, Unit};
use crate::ir::{Op, OpKind};

/// Every up-script op with its migration, oldest migration first. Down scripts are not
/// linted for safety: they are expected to drop what the up created.
pub(crate) fn up_ops(run: &Run) -> impl Iterator<Item = (&Unit, &Op)> {
    run.units
        .iter()
        .flat_map(|u| u.up.ops().iter().map(move |op| (u, op)))
}

/// Calls `f(table, column, type)` for every column an op declares (CREATE TABLE, ADD COLUMN)
/// or gives a new type (ALTER COLUMN TYPE).
pub(crate) fn each_column_type<'a>(kind: &'a OpKind, mut f: impl FnMut(&'a str, &'a str, &'a str)) {
    match kind {
        OpKind::CreateTable { table, columns, .. } => {
            for c in columns {
                f(table, &c.name, &c.data_type);
            }
        }
        OpKind::AddColumn { table, column, .. } => f(table, &column.name, &column.data_type),
        OpKind::AlterColumnType {
            table,
            column,
            new_type,
        } => f(table, column, new_type),
        _ => {}
    }
}
