DELIMITER $$

CREATE FUNCTION flag_enabled_for(p_key VARCHAR(100) CHARSET utf8mb4, p_account_id BIGINT UNSIGNED)
  RETURNS BOOLEAN
  READS SQL DATA
BEGIN
  DECLARE v_flag_id INT UNSIGNED DEFAULT NULL;
  DECLARE v_enabled BOOLEAN DEFAULT FALSE;
  DECLARE v_percent TINYINT UNSIGNED DEFAULT 0;
  DECLARE v_override BOOLEAN DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END;

  SELECT id, is_enabled, rollout_percent INTO v_flag_id, v_enabled, v_percent
    FROM feature_flags WHERE `key` = p_key;
  IF v_flag_id IS NULL THEN
    RETURN FALSE;
  END IF;

  SELECT is_enabled INTO v_override
    FROM feature_flag_overrides WHERE flag_id = v_flag_id AND account_id = p_account_id;
  IF v_override IS NOT NULL THEN
    RETURN v_override;
  END IF;

  IF NOT v_enabled THEN
    RETURN FALSE;
  END IF;
  /* stable bucketing: the same account always lands in the same bucket; 0..99 */
  RETURN (CRC32(CONCAT(p_key, ':', p_account_id)) % 100) < v_percent;
END$$

DELIMITER ;
