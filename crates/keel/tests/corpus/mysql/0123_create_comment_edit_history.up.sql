CREATE TABLE comment_edits (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  comment_id BIGINT UNSIGNED NOT NULL,
  previous_body MEDIUMTEXT NOT NULL,
  edited_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_comment_edits_comment (comment_id, edited_at),
  CONSTRAINT fk_comment_edits_comment FOREIGN KEY (comment_id) REFERENCES comments (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

DELIMITER $$
CREATE TRIGGER comments_bu_history BEFORE UPDATE ON comments
FOR EACH ROW
BEGIN
  IF NOT (OLD.body <=> NEW.body) THEN
    INSERT INTO comment_edits (comment_id, previous_body) VALUES (OLD.id, OLD.body);
    SET NEW.edited_at = CURRENT_TIMESTAMP(3);
  END IF;
END$$
DELIMITER ;
