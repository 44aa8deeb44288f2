DELIMITER $$

CREATE PROCEDURE publish_due_posts(IN p_batch INT UNSIGNED, OUT p_published INT)
  MODIFIES SQL DATA
BEGIN
  DECLARE v_rows INT DEFAULT 1;
  SET p_published = 0;
  WHILE v_rows > 0 DO
    -- single-table UPDATE assigns left to right: published_at gets the old scheduled_for
    UPDATE posts
       SET published_at = scheduled_for,
           scheduled_for = NULL
     WHERE scheduled_for IS NOT NULL
       AND scheduled_for <= CURRENT_TIMESTAMP
     ORDER BY scheduled_for
     LIMIT p_batch;
    SET v_rows = ROW_COUNT();
    SET p_published = p_published + v_rows;
  END WHILE;
END$$

DELIMITER ;
