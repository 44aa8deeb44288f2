CREATE TABLE mfa_recovery_codes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);
