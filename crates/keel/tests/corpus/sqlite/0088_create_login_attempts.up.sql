CREATE TABLE login_attempts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL,
    ip            TEXT,
    succeeded     INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    failure_code  TEXT    CHECK (failure_code IN ('bad_password', 'unknown_user', 'mfa_failed', 'locked')),
    attempted_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((succeeded = 1) = (failure_code IS NULL))
);

-- "Too many failures for this address / from this IP in the last 15 minutes?"
CREATE INDEX login_attempts_email_recent_idx ON login_attempts (lower(email), attempted_at DESC);
CREATE INDEX login_attempts_failed_ip_idx ON login_attempts (ip, attempted_at) WHERE succeeded = 0;
