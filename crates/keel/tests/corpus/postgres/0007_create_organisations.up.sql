-- An account can hold several organisations (teams, studios, clients...).
CREATE TABLE organisations (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (account_id, name)
);
