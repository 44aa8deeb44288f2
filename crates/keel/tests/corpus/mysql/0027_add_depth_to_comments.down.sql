DROP TRIGGER comments_bi_depth;

ALTER TABLE comments DROP COLUMN depth;
