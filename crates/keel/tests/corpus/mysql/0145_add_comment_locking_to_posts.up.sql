ALTER TABLE posts ADD COLUMN comments_locked BOOLEAN NOT NULL DEFAULT FALSE AFTER visibility;

DELIMITER $$
-- Must run before the depth trigger so a locked post fails fast.
CREATE TRIGGER comments_bi_locked BEFORE INSERT ON comments
FOR EACH ROW PRECEDES comments_bi_depth
BEGIN
  IF (SELECT p.comments_locked FROM posts p WHERE p.id = NEW.post_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'comments are locked on this post';
  END IF;
END$$
DELIMITER ;
