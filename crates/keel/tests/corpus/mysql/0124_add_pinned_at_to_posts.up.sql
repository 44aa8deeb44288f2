ALTER TABLE posts
  ADD COLUMN pinned_at DATETIME NULL AFTER published_at,
  ADD KEY idx_posts_author_pinned (author_id, pinned_at);
