DELIMITER $$

CREATE TRIGGER organisations_au_audit AFTER UPDATE ON organisations
FOR EACH ROW
BEGIN
  -- <=> is NULL-safe; only renames and slug changes are audited
  IF NOT (OLD.name <=> NEW.name) OR NOT (OLD.slug <=> NEW.slug) THEN
    INSERT INTO audit_logs (account_id, action, entity_type, entity_id, changes)
    VALUES (NEW.account_id, 'organisation.updated', 'organisation', NEW.id,
            JSON_OBJECT('name', JSON_ARRAY(OLD.name, NEW.name),
                        'slug', JSON_ARRAY(OLD.slug, NEW.slug)));
  END IF;
END$$

CREATE TRIGGER organisations_ad_audit AFTER DELETE ON organisations
FOR EACH ROW
BEGIN
  INSERT INTO audit_logs (account_id, action, entity_type, entity_id, changes)
  VALUES (OLD.account_id, 'organisation.deleted', 'organisation', OLD.id,
          JSON_OBJECT('name', OLD.name, 'slug', OLD.slug));
END$$

DELIMITER ;
