ALTER TABLE users ADD COLUMN deleted_at TEXT;

CREATE INDEX users_live_account_idx ON users (account_id) WHERE deleted_at IS NULL;

-- Deleting a user signs them out everywhere and kills their push tokens and API keys.

CREATE TRIGGER users_soft_delete
AFTER UPDATE OF deleted_at ON users
FOR EACH ROW
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL
BEGIN
    DELETE FROM sessions WHERE user_id = NEW.id;
    UPDATE device_tokens
       SET revoked_at = NEW.deleted_at, revoked_reason = 'security'
     WHERE user_id = NEW.id AND revoked_at IS NULL;
    UPDATE api_keys
       SET revoked_at = NEW.deleted_at
     WHERE created_by = NEW.id AND revoked_at IS NULL;
END;
