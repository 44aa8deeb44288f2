ALTER TABLE users ADD COLUMN last_login_at TEXT;

UPDATE users
   SET last_login_at = (SELECT max(s.created_at) FROM sessions AS s WHERE s.user_id = users.id);

CREATE TRIGGER sessions_record_login
AFTER INSERT ON sessions
FOR EACH ROW
BEGIN
    UPDATE users
       SET last_login_at = NEW.created_at
     WHERE id = NEW.user_id
       AND (last_login_at IS NULL OR last_login_at < NEW.created_at);
END;
