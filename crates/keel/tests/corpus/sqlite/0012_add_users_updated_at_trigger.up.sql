-- Bump updated_at when a profile field changes, unless the statement set updated_at itself.
-- Bookkeeping columns (last_login_at etc.) are deliberately not in the OF list.
CREATE TRIGGER users_touch_updated_at
AFTER UPDATE OF email, display_name, password_digest, is_admin ON users
FOR EACH ROW
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
