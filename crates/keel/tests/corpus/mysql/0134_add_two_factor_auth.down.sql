DROP TABLE two_factor_recovery_codes;

ALTER TABLE users DROP COLUMN two_factor_enabled_at, DROP COLUMN totp_secret_enc;
