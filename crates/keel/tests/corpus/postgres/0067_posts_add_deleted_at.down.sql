DROP INDEX posts_live_author_published_idx;
ALTER TABLE posts DROP COLUMN deleted_at;
