DELIMITER $$

CREATE PROCEDURE archive_audit_logs(IN p_older_than_days INT UNSIGNED, IN p_batch INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  DECLARE v_cutoff DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) - INTERVAL p_older_than_days DAY;
  DECLARE v_max_id BIGINT UNSIGNED;
  DECLARE v_moved INT DEFAULT 1;

  WHILE v_moved > 0 DO
    SELECT MAX(b.id) INTO v_max_id
      FROM (SELECT id FROM audit_logs WHERE created_at < v_cutoff ORDER BY id LIMIT p_batch) AS b;

    IF v_max_id IS NULL THEN
      SET v_moved = 0;
    ELSE
      INSERT INTO audit_log_archive (id, account_id, actor_id, action, entity_type, entity_id, changes, created_at)
      SELECT id, account_id, actor_id, action, entity_type, entity_id, changes, created_at
        FROM audit_logs
       WHERE id <= v_max_id AND created_at < v_cutoff;

      DELETE FROM audit_logs WHERE id <= v_max_id AND created_at < v_cutoff;
      SET v_moved = ROW_COUNT();
    END IF;
  END WHILE;
END$$

DELIMITER ;
