-- SQLite rewrites the triggers that insert into audit_logs and the recent_audit_events view.
ALTER TABLE audit_logs RENAME TO audit_events;

DROP INDEX audit_logs_target_idx;
DROP INDEX audit_logs_account_created_idx;
CREATE INDEX audit_events_account_created_idx ON audit_events (account_id, created_at DESC);
CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id);
