CREATE TRIGGER memberships_audit_insert
AFTER INSERT ON memberships
FOR EACH ROW
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id, 'membership.created', 'user', NEW.user_id,
           json_object('organisation_id', NEW.organisation_id, 'role', NEW.role)
      FROM organisations AS o
     WHERE o.id = NEW.organisation_id;
END;

CREATE TRIGGER memberships_audit_update
AFTER UPDATE OF role ON memberships
FOR EACH ROW
WHEN NEW.role IS NOT OLD.role
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id,
           CASE
               WHEN NEW.role = 'owner' THEN 'membership.promoted'
               WHEN OLD.role = 'owner' THEN 'membership.demoted'
               ELSE 'membership.changed'
           END,
           'user', NEW.user_id,
           json_object('organisation_id', NEW.organisation_id, 'from', OLD.role, 'to', NEW.role)
      FROM organisations AS o
     WHERE o.id = NEW.organisation_id;
END;

CREATE TRIGGER memberships_audit_delete
AFTER DELETE ON memberships
FOR EACH ROW
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id, 'membership.removed', 'user', OLD.user_id,
           json_object('organisation_id', OLD.organisation_id, 'role', OLD.role)
      FROM organisations AS o
     WHERE o.id = OLD.organisation_id;
END;
