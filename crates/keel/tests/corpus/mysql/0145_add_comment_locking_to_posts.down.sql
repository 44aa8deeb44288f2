DROP TRIGGER comments_bi_locked;

ALTER TABLE posts DROP COLUMN comments_locked;
