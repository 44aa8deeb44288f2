DROP INDEX audit_events_target_idx;
DROP INDEX audit_events_account_created_idx;

ALTER TABLE audit_events RENAME TO audit_logs;

CREATE INDEX audit_logs_account_created_idx ON audit_logs (account_id, created_at DESC);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id);
