DROP TRIGGER users_soft_delete;
DROP INDEX users_live_account_idx;
ALTER TABLE users DROP COLUMN deleted_at;
