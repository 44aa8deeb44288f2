ALTER TABLE posts
    DROP COLUMN comment_count,
    DROP COLUMN like_count;
