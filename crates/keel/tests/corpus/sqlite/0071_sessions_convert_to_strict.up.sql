-- Convert sessions to a STRICT table (and insist that sessions expire after they start).
-- users_soft_delete deletes from sessions, so it has to step aside during the swap.
DROP TRIGGER users_soft_delete;

CREATE TABLE sessions_new (
    id          TEXT    PRIMARY KEY NOT NULL CHECK (length(id) = 64),
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at  TEXT    NOT NULL CHECK (expires_at > created_at),
    ip          TEXT,
    user_agent  TEXT
) STRICT;

INSERT INTO sessions_new (id, user_id, created_at, expires_at, ip, user_agent)
SELECT id, user_id, created_at, expires_at, ip, user_agent
  FROM sessions;

DROP TABLE sessions;

ALTER TABLE sessions_new RENAME TO sessions;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TRIGGER sessions_record_login
AFTER INSERT ON sessions
FOR EACH ROW
BEGIN
    UPDATE users
       SET last_login_at = NEW.created_at
     WHERE id = NEW.user_id
       AND (last_login_at IS NULL OR last_login_at < NEW.created_at);
END;

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
