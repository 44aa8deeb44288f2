DELIMITER $$

CREATE TRIGGER photos_ai_storage AFTER INSERT ON photos
FOR EACH ROW
BEGIN
  UPDATE accounts a
    JOIN users u ON u.account_id = a.id
     SET a.storage_used_bytes = a.storage_used_bytes + NEW.size_bytes,
         a.updated_at = a.updated_at
   WHERE u.id = NEW.owner_id;
END$$

CREATE TRIGGER photos_au_storage AFTER UPDATE ON photos
FOR EACH ROW
BEGIN
  DECLARE v_old BIGINT DEFAULT 0;
  DECLARE v_new BIGINT DEFAULT 0;
  -- soft-deleted photos stop counting against the quota
  SET v_old = IF(OLD.deleted_at IS NULL, OLD.size_bytes, 0);
  SET v_new = IF(NEW.deleted_at IS NULL, NEW.size_bytes, 0);
  IF v_old <> v_new THEN
    UPDATE accounts a
      JOIN users u ON u.account_id = a.id
       SET a.storage_used_bytes = GREATEST(CAST(a.storage_used_bytes AS SIGNED) + (v_new - v_old), 0),
           a.updated_at = a.updated_at
     WHERE u.id = NEW.owner_id;
  END IF;
END$$

CREATE TRIGGER photos_ad_storage AFTER DELETE ON photos
FOR EACH ROW
BEGIN
  IF OLD.deleted_at IS NULL THEN
    UPDATE accounts a
      JOIN users u ON u.account_id = a.id
       SET a.storage_used_bytes = GREATEST(CAST(a.storage_used_bytes AS SIGNED) - CAST(OLD.size_bytes AS SIGNED), 0),
           a.updated_at = a.updated_at
     WHERE u.id = OLD.owner_id;
  END IF;
END$$

DELIMITER ;
