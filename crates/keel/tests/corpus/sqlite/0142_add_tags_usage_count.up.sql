ALTER TABLE tags ADD COLUMN usage_count INTEGER NOT NULL DEFAULT 0;

UPDATE tags
   SET usage_count = (SELECT count(*) FROM taggings WHERE taggings.tag_id = tags.id);

CREATE TRIGGER taggings_count_insert
AFTER INSERT ON taggings
FOR EACH ROW
BEGIN
    UPDATE tags SET usage_count = usage_count + 1 WHERE id = NEW.tag_id;
END;

CREATE TRIGGER taggings_count_delete
AFTER DELETE ON taggings
FOR EACH ROW
BEGIN
    UPDATE tags SET usage_count = max(usage_count - 1, 0) WHERE id = OLD.tag_id;
END;
