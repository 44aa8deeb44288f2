DROP TRIGGER comments_ad_count;
DROP TRIGGER comments_ai_count;
DROP TRIGGER likes_ad_count;
DROP TRIGGER likes_ai_count;

ALTER TABLE posts DROP COLUMN comment_count, DROP COLUMN like_count;
