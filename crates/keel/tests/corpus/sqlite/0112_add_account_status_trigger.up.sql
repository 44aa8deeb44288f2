CREATE TRIGGER accounts_status_change
AFTER UPDATE OF status ON accounts
FOR EACH ROW
WHEN NEW.status IS NOT OLD.status
BEGIN
    UPDATE accounts SET status_changed_at = CURRENT_TIMESTAMP WHERE id = NEW.id;

    -- Suspended or closed accounts lose API access and webhooks immediately.
    UPDATE api_keys
       SET revoked_at = CURRENT_TIMESTAMP
     WHERE account_id = NEW.id
       AND revoked_at IS NULL
       AND NEW.status <> 'active';

    UPDATE webhook_endpoints
       SET is_active = CASE NEW.status WHEN 'active' THEN is_active ELSE 0 END
     WHERE account_id = NEW.id;

    INSERT INTO audit_events (account_id, action, target_type, target_id, details)
    VALUES (NEW.id,
            'account.' || CASE NEW.status
                              WHEN 'active'    THEN 'reactivated'
                              WHEN 'suspended' THEN 'suspended'
                              ELSE 'closed'
                          END,
            'account', NEW.id,
            json_object('from', OLD.status, 'to', NEW.status));
END;
