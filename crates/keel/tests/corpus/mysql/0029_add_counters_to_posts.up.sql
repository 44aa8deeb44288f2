/* Denormalised counters; kept up to date by triggers below.
   Note: rows removed by ON DELETE CASCADE do not fire triggers; a nightly job reconciles. */
ALTER TABLE posts
  ADD COLUMN like_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER published_at,
  ADD COLUMN comment_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER like_count;

UPDATE posts p
SET p.like_count = (SELECT COUNT(*) FROM likes l WHERE l.post_id = p.id),
    p.comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id),
    p.updated_at = p.updated_at;

DELIMITER $$

CREATE TRIGGER likes_ai_count AFTER INSERT ON likes
FOR EACH ROW
BEGIN
  UPDATE posts SET like_count = like_count + 1, updated_at = updated_at WHERE id = NEW.post_id;
END$$

CREATE TRIGGER likes_ad_count AFTER DELETE ON likes
FOR EACH ROW
BEGIN
  UPDATE posts SET like_count = IF(like_count > 0, like_count - 1, 0), updated_at = updated_at WHERE id = OLD.post_id;
END$$

CREATE TRIGGER comments_ai_count AFTER INSERT ON comments
FOR EACH ROW
BEGIN
  UPDATE posts SET comment_count = comment_count + 1, updated_at = updated_at WHERE id = NEW.post_id;
END$$

CREATE TRIGGER comments_ad_count AFTER DELETE ON comments
FOR EACH ROW
BEGIN
  UPDATE posts SET comment_count = IF(comment_count > 0, comment_count - 1, 0), updated_at = updated_at WHERE id = OLD.post_id;
END$$

DELIMITER ;
