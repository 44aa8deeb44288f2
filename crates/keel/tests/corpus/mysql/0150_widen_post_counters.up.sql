-- A few viral posts are getting close to 2^32 likes... one can dream; widen anyway.
ALTER TABLE posts
  MODIFY COLUMN like_count BIGINT UNSIGNED NOT NULL DEFAULT 0,
  MODIFY COLUMN comment_count BIGINT UNSIGNED NOT NULL DEFAULT 0;
