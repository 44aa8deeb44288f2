ALTER TABLE posts DROP COLUMN comment_count;
ALTER TABLE posts DROP COLUMN like_count;
