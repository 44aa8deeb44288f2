ALTER TABLE tags ADD COLUMN usage_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER color;

UPDATE tags t
SET t.usage_count = (SELECT COUNT(*) FROM taggings tg WHERE tg.tag_id = t.id);

DELIMITER $$

CREATE TRIGGER taggings_ai_usage AFTER INSERT ON taggings
FOR EACH ROW
BEGIN
  UPDATE tags SET usage_count = usage_count + 1 WHERE id = NEW.tag_id;
END$$

CREATE TRIGGER taggings_ad_usage AFTER DELETE ON taggings
FOR EACH ROW
BEGIN
  -- never underflow the unsigned counter
  UPDATE tags SET usage_count = IF(usage_count > 0, usage_count - 1, 0) WHERE id = OLD.tag_id;
END$$

DELIMITER ;
