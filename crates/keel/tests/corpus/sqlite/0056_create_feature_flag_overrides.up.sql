CREATE TABLE feature_flag_overrides (
    flag_id     INTEGER NOT NULL REFERENCES feature_flags (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    reason      TEXT,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (flag_id, account_id)
) WITHOUT ROWID;

CREATE INDEX feature_flag_overrides_account_idx ON feature_flag_overrides (account_id);
