DROP INDEX audit_logs_target_idx;
DROP INDEX audit_logs_account_created_idx;
DROP TABLE audit_logs;
