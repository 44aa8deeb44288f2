ALTER TABLE comments ADD COLUMN depth TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER parent_id;

DELIMITER $$

CREATE TRIGGER comments_bi_depth BEFORE INSERT ON comments
FOR EACH ROW
BEGIN
  DECLARE v_parent_depth TINYINT UNSIGNED;
  IF NEW.parent_id IS NULL THEN
    SET NEW.depth = 0;
  ELSE
    SELECT depth INTO v_parent_depth FROM comments WHERE id = NEW.parent_id;
    IF IFNULL(v_parent_depth, 0) >= 5 THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'reply threads can''t nest deeper than 6 levels';
    END IF;
    SET NEW.depth = IFNULL(v_parent_depth, 0) + 1;
  END IF;
END$$

DELIMITER ;
