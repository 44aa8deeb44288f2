/* Restore scopes in its original position (a plain ADD COLUMN would append it), rebuilt
   from scope_list.  users_soft_delete updates api_keys, so it steps aside meanwhile. */
DROP TRIGGER users_soft_delete;

CREATE TABLE api_keys_old (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name          TEXT    NOT NULL,
    prefix        TEXT    NOT NULL UNIQUE CHECK (length(prefix) = 8),
    key_hash      TEXT    NOT NULL,
    scopes        TEXT    NOT NULL DEFAULT 'read',
    last_used_at  TEXT,
    expires_at    TEXT,
    revoked_at    TEXT,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    scope_list    TEXT    NOT NULL DEFAULT '[]'
                          CHECK (json_valid(scope_list) AND json_type(scope_list) = 'array')
);

INSERT INTO api_keys_old (id, account_id, created_by, name, prefix, key_hash, scopes, last_used_at, expires_at, revoked_at, created_at, scope_list)
SELECT k.id, k.account_id, k.created_by, k.name, k.prefix, k.key_hash,
       coalesce((SELECT group_concat(j.value, ',') FROM json_each(k.scope_list) AS j), ''),
       k.last_used_at, k.expires_at, k.revoked_at, k.created_at, k.scope_list
  FROM api_keys AS k;

DROP TABLE api_keys;

ALTER TABLE api_keys_old RENAME TO api_keys;

CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);

CREATE INDEX api_keys_active_idx ON api_keys (account_id, expires_at) WHERE revoked_at IS NULL;

CREATE TRIGGER api_keys_audit_insert
AFTER INSERT ON api_keys
FOR EACH ROW
BEGIN
    INSERT INTO audit_logs (account_id, actor_id, action, target_type, target_id, details)
    VALUES (NEW.account_id, NEW.created_by, 'api_key.created', 'api_key', NEW.id,
            json_object('name', NEW.name, 'prefix', NEW.prefix));
END;

CREATE TRIGGER api_keys_audit_revoke
AFTER UPDATE OF revoked_at ON api_keys
FOR EACH ROW
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    VALUES (NEW.account_id, 'api_key.revoked', 'api_key', NEW.id,
            json_object('prefix', NEW.prefix,
                        'age_days', CAST(julianday(NEW.revoked_at) - julianday(NEW.created_at) AS INTEGER)));
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
