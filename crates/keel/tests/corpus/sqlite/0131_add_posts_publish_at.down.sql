DROP INDEX posts_scheduled_idx;
ALTER TABLE posts DROP COLUMN publish_at;
