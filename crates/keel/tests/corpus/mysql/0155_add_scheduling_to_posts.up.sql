ALTER TABLE posts
  ADD COLUMN scheduled_for DATETIME NULL AFTER published_at,
  ADD KEY idx_posts_scheduled_for (scheduled_for),
  ADD CONSTRAINT chk_posts_schedule CHECK (scheduled_for IS NULL OR published_at IS NULL);
