DROP INDEX photos_live_owner_idx;
ALTER TABLE photos DROP COLUMN deleted_at;
