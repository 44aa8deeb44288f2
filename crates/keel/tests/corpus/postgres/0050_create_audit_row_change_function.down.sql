DROP FUNCTION audit_row_change();
