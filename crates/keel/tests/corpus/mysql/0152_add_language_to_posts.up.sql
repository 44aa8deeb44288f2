ALTER TABLE posts
  ADD COLUMN lang CHAR(2) CHARACTER SET ascii NULL COMMENT 'ISO 639-1, detected' AFTER body,
  ADD KEY idx_posts_lang_published (lang, published_at);
