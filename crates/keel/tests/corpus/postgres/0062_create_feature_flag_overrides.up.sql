CREATE TABLE feature_flag_overrides (
    flag_key    varchar(64)  NOT NULL REFERENCES feature_flags ("key") ON UPDATE CASCADE ON DELETE CASCADE,
    account_id  bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    enabled     boolean      NOT NULL,
    note        text,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (flag_key, account_id)
);
