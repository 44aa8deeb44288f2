CREATE TRIGGER photos_usage_insert
AFTER INSERT ON photos
FOR EACH ROW
BEGIN
    INSERT INTO storage_usage_daily (account_id, day, bytes_added, photo_count_delta)
    SELECT u.account_id, date(NEW.created_at), NEW.byte_size, 1
      FROM users AS u
     WHERE u.id = NEW.owner_id
    ON CONFLICT (account_id, day) DO UPDATE
       SET bytes_added       = bytes_added + excluded.bytes_added,
           photo_count_delta = photo_count_delta + 1;
END;

CREATE TRIGGER photos_usage_delete
AFTER DELETE ON photos
FOR EACH ROW
BEGIN
    INSERT INTO storage_usage_daily (account_id, day, bytes_removed, photo_count_delta)
    SELECT u.account_id, date('now'), OLD.byte_size, -1
      FROM users AS u
     WHERE u.id = OLD.owner_id
    ON CONFLICT (account_id, day) DO UPDATE
       SET bytes_removed     = bytes_removed + excluded.bytes_removed,
           photo_count_delta = photo_count_delta - 1;
END;
