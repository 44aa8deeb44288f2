DELIMITER $$

CREATE FUNCTION slugify(p_text VARCHAR(255) CHARSET utf8mb4)
  RETURNS VARCHAR(255) CHARSET utf8mb4
  DETERMINISTIC
  NO SQL
BEGIN
  DECLARE v_out VARCHAR(255) CHARSET utf8mb4 DEFAULT '';
  DECLARE v_char VARCHAR(1) CHARSET utf8mb4;
  DECLARE v_i INT DEFAULT 1;
  DECLARE v_len INT DEFAULT CHAR_LENGTH(IFNULL(p_text, ''));

  -- 'Summer; 2024 -- Lisbon!' -> 'summer-2024-lisbon'
  WHILE v_i <= v_len DO
    SET v_char = LOWER(SUBSTRING(p_text, v_i, 1));
    IF v_char BETWEEN 'a' AND 'z' OR v_char BETWEEN '0' AND '9' THEN
      SET v_out = CONCAT(v_out, v_char);
    ELSEIF v_out <> '' AND RIGHT(v_out, 1) <> '-' THEN
      SET v_out = CONCAT(v_out, '-');
    END IF;
    SET v_i = v_i + 1;
  END WHILE;

  RETURN TRIM(BOTH '-' FROM v_out);
END$$

DELIMITER ;
