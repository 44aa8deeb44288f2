DROP TRIGGER memberships_audit_delete;
DROP TRIGGER memberships_audit_update;
DROP TRIGGER memberships_audit_insert;
