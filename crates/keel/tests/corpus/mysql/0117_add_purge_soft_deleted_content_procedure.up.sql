DELIMITER $$

CREATE PROCEDURE purge_soft_deleted_content(IN p_batch INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  DECLARE v_done BOOLEAN DEFAULT FALSE;
  DECLARE v_org BIGINT UNSIGNED;
  DECLARE v_days SMALLINT UNSIGNED;
  DECLARE v_rows INT;
  DECLARE cur_policies CURSOR FOR
    SELECT organisation_id, keep_deleted_days FROM retention_policies ORDER BY organisation_id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_done = TRUE;

  OPEN cur_policies;
  policy_loop: LOOP
    FETCH cur_policies INTO v_org, v_days;
    IF v_done THEN
      LEAVE policy_loop;
    END IF;

    SET v_rows = 1;
    WHILE v_rows > 0 DO
      DELETE FROM posts
       WHERE organisation_id = v_org
         AND deleted_at IS NOT NULL
         AND deleted_at < CURRENT_TIMESTAMP - INTERVAL v_days DAY
       LIMIT p_batch;
      SET v_rows = ROW_COUNT();
    END WHILE;

    SET v_rows = 1;
    WHILE v_rows > 0 DO
      DELETE FROM photos
       WHERE organisation_id = v_org
         AND deleted_at IS NOT NULL
         AND deleted_at < CURRENT_TIMESTAMP - INTERVAL v_days DAY
       LIMIT p_batch;
      SET v_rows = ROW_COUNT();
    END WHILE;
  END LOOP policy_loop;
  CLOSE cur_policies;
END$$

DELIMITER ;
