DELIMITER $$

CREATE TRIGGER posts_ai_search AFTER INSERT ON posts
FOR EACH ROW
BEGIN
  IF NEW.published_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
    INSERT INTO search_documents (entity_type, entity_id, organisation_id, body)
    VALUES ('post', NEW.id, NEW.organisation_id, NEW.body)
    ON DUPLICATE KEY UPDATE body = NEW.body, organisation_id = NEW.organisation_id;
  END IF;
END$$

CREATE TRIGGER posts_au_search AFTER UPDATE ON posts
FOR EACH ROW
BEGIN
  IF NEW.deleted_at IS NOT NULL OR NEW.published_at IS NULL THEN
    DELETE FROM search_documents WHERE entity_type = 'post' AND entity_id = NEW.id;
  ELSEIF NOT (OLD.body <=> NEW.body)
      OR NOT (OLD.organisation_id <=> NEW.organisation_id)
      OR OLD.published_at IS NULL
      OR OLD.deleted_at IS NOT NULL THEN
    INSERT INTO search_documents (entity_type, entity_id, organisation_id, body)
    VALUES ('post', NEW.id, NEW.organisation_id, NEW.body)
    ON DUPLICATE KEY UPDATE body = NEW.body, organisation_id = NEW.organisation_id;
  END IF;
END$$

CREATE TRIGGER posts_ad_search AFTER DELETE ON posts
FOR EACH ROW
BEGIN
  DELETE FROM search_documents WHERE entity_type = 'post' AND entity_id = OLD.id;
END$$

DELIMITER ;
