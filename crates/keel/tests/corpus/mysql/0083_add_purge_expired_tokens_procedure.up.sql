DELIMITER $$

CREATE PROCEDURE purge_expired_tokens(IN p_batch INT UNSIGNED)
  MODIFIES SQL DATA
  COMMENT 'Deletes expired sessions; reset and verification tokens in small batches'
BEGIN
  DECLARE v_deleted INT DEFAULT 1;
  DECLARE v_total INT DEFAULT 0;

  -- small batches keep row locks short on a busy sessions table
  WHILE v_deleted > 0 DO
    DELETE FROM sessions WHERE expires_at < CURRENT_TIMESTAMP ORDER BY expires_at LIMIT p_batch;
    SET v_deleted = ROW_COUNT();
    SET v_total = v_total + v_deleted;
  END WHILE;

  SET v_deleted = 1;
  WHILE v_deleted > 0 DO
    DELETE FROM password_resets WHERE expires_at < CURRENT_TIMESTAMP LIMIT p_batch;
    SET v_deleted = ROW_COUNT();
    SET v_total = v_total + v_deleted;
  END WHILE;

  DELETE FROM email_verifications
   WHERE verified_at IS NULL AND expires_at < CURRENT_TIMESTAMP - INTERVAL 30 DAY;
  SET v_total = v_total + ROW_COUNT();

  SELECT v_total AS purged_rows;
END$$

DELIMITER ;
