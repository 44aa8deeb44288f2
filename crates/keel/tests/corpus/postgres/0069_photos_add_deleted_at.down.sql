DROP INDEX photos_live_user_created_idx;
ALTER TABLE photos DROP COLUMN deleted_at;
