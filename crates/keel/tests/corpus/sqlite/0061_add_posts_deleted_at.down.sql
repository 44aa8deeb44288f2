DROP INDEX posts_live_org_created_idx;

ALTER TABLE posts DROP COLUMN deleted_at;
