ALTER TABLE posts DROP KEY idx_posts_author_pinned, DROP COLUMN pinned_at;
