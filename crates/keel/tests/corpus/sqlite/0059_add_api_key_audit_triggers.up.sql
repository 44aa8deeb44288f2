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
