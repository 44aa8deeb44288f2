-- Reverse order: mfa_enabled_at's CHECK mentions mfa_secret, which blocks dropping mfa_secret first.
ALTER TABLE users DROP COLUMN mfa_enabled_at;
ALTER TABLE users DROP COLUMN mfa_secret;
