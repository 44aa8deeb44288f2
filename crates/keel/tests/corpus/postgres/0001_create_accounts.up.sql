-- Tenancy root: every paying (or free) customer of Lumen is an account.
CREATE TABLE accounts (
    id          bigserial    PRIMARY KEY,
    name        text         NOT NULL,
    slug        varchar(64)  NOT NULL UNIQUE,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT accounts_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$')
);
