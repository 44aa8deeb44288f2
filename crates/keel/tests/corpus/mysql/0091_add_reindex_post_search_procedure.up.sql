DELIMITER $$

CREATE PROCEDURE reindex_post_search(IN p_batch_size INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  DECLARE v_last_id BIGINT UNSIGNED DEFAULT 0;
  DECLARE v_max_id BIGINT UNSIGNED DEFAULT 0;

  IF p_batch_size IS NULL OR p_batch_size = 0 THEN
    SET p_batch_size = 500;
  END IF;

  SELECT IFNULL(MAX(id), 0) INTO v_max_id FROM posts;

  /* walk the primary key in fixed-size ranges; gaps are fine */
  WHILE v_last_id < v_max_id DO
    INSERT INTO search_documents (entity_type, entity_id, organisation_id, body)
    SELECT 'post', p.id, p.organisation_id, p.body
      FROM posts p
     WHERE p.id > v_last_id
       AND p.id <= v_last_id + p_batch_size
       AND p.published_at IS NOT NULL
       AND p.deleted_at IS NULL
    ON DUPLICATE KEY UPDATE body = p.body, organisation_id = p.organisation_id;
    SET v_last_id = v_last_id + p_batch_size;
  END WHILE;
END$$

DELIMITER ;
