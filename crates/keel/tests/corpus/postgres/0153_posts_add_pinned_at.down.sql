DROP INDEX posts_one_pinned_per_author;
ALTER TABLE posts DROP COLUMN pinned_at;
