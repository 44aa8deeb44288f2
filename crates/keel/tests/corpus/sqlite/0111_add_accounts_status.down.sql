DROP INDEX accounts_not_active_idx;
ALTER TABLE accounts DROP COLUMN status_changed_at;
ALTER TABLE accounts DROP COLUMN status;
