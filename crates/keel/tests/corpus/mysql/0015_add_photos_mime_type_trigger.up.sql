DELIMITER $$

CREATE TRIGGER photos_bi_mime_type BEFORE INSERT ON photos
FOR EACH ROW
BEGIN
  -- Guess the type from the extension when the client didn't send one; e.g. 'u/1/a.JPG' -> image/jpeg.
  IF NEW.mime_type IS NULL OR NEW.mime_type = '' THEN
    CASE LOWER(SUBSTRING_INDEX(NEW.storage_key, '.', -1))
      WHEN 'jpg' THEN SET NEW.mime_type = 'image/jpeg';
      WHEN 'jpeg' THEN SET NEW.mime_type = 'image/jpeg';
      WHEN 'png' THEN SET NEW.mime_type = 'image/png';
      WHEN 'gif' THEN SET NEW.mime_type = 'image/gif';
      WHEN 'webp' THEN SET NEW.mime_type = 'image/webp';
      WHEN 'heic' THEN SET NEW.mime_type = 'image/heic';
      ELSE SET NEW.mime_type = 'application/octet-stream';
    END CASE;
  END IF;
END$$

DELIMITER ;
