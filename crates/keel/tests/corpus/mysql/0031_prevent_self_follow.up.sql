-- MySQL refuses CHECK constraints on columns used by ON DELETE CASCADE, so this is a trigger.
DELIMITER $$
CREATE TRIGGER follows_bi_no_self BEFORE INSERT ON follows
FOR EACH ROW
BEGIN
  IF NEW.follower_id = NEW.followee_id THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'users can''t follow themselves';
  END IF;
END$$
DELIMITER ;
