-- Single-statement procedure (no BEGIN ... END), so no DELIMITER is needed.
CREATE PROCEDURE record_post_view(IN p_post_id BIGINT UNSIGNED, IN p_first_view BOOLEAN)
  MODIFIES SQL DATA
  INSERT INTO post_daily_stats (post_id, day, views, unique_viewers)
  VALUES (p_post_id, CURRENT_DATE, 1, IF(p_first_view, 1, 0))
  ON DUPLICATE KEY UPDATE views = views + 1, unique_viewers = unique_viewers + IF(p_first_view, 1, 0);
