DROP INDEX posts_pinned_idx;
ALTER TABLE posts DROP COLUMN pinned_at;
