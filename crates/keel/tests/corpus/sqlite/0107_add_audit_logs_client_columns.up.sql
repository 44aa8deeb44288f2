-- STRICT tables accept ADD COLUMN as long as the type is one of the strict types.
ALTER TABLE audit_logs ADD COLUMN ip_address TEXT;
ALTER TABLE audit_logs ADD COLUMN user_agent TEXT;
