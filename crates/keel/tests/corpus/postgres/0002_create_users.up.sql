CREATE TABLE users (
    id             bigserial     PRIMARY KEY,
    account_id     bigint        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email          varchar(255)  NOT NULL,
    display_name   varchar(100),
    password_hash  text          NOT NULL,
    is_admin       boolean       NOT NULL DEFAULT false,
    created_at     timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX users_account_id_idx ON users (account_id);
