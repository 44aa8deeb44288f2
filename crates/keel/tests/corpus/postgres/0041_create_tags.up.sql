CREATE TABLE tags (
    id          serial       PRIMARY KEY,
    account_id  bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        text         NOT NULL,
    slug        varchar(80)  NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT tags_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT tags_account_slug_key UNIQUE (account_id, slug)
);
