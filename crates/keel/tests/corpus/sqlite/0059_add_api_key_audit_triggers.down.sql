DROP TRIGGER api_keys_audit_revoke;
DROP TRIGGER api_keys_audit_insert;
