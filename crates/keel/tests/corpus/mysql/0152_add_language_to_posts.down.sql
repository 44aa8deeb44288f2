ALTER TABLE posts DROP KEY idx_posts_lang_published, DROP COLUMN lang;
