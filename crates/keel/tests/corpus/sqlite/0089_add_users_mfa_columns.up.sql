ALTER TABLE users ADD COLUMN mfa_secret TEXT;

-- MFA can only be on when a secret is enrolled.
ALTER TABLE users ADD COLUMN mfa_enabled_at TEXT CHECK (mfa_enabled_at IS NULL OR mfa_secret IS NOT NULL);
