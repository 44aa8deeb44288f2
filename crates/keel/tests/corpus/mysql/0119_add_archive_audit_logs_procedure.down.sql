DROP PROCEDURE archive_audit_logs;
