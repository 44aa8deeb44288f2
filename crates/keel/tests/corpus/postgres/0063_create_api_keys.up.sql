CREATE TABLE api_keys (
    id            bigserial    PRIMARY KEY,
    account_id    bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_by    bigint       REFERENCES users (id) ON DELETE SET NULL,
    name          text         NOT NULL,
    prefix        char(8)      NOT NULL,
    key_hash      bytea        NOT NULL,
    scopes        text[]       NOT NULL DEFAULT ARRAY['read']::text[],
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- a UNIQUE *constraint*: prefixes are global and looked up on every request
    CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
    CONSTRAINT api_keys_scopes_nonempty CHECK (cardinality(scopes) > 0)
);

-- a unique *index*: names only need to be unique among live keys, which a
-- constraint can't express (no WHERE clause on UNIQUE constraints).
CREATE UNIQUE INDEX api_keys_account_live_name_key
    ON api_keys (account_id, name)
    WHERE revoked_at IS NULL;
