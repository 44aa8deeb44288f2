ALTER TABLE users DROP KEY idx_users_deleted_at, DROP COLUMN deleted_at;
