CREATE TABLE photos (
    id               bigserial    PRIMARY KEY,
    user_id          bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  uuid         REFERENCES organisations (id) ON DELETE SET NULL,
    storage_key      text         NOT NULL UNIQUE,
    caption          text,
    width            integer      CHECK (width > 0),
    height           integer      CHECK (height > 0),
    byte_size        bigint       NOT NULL DEFAULT 0 CHECK (byte_size >= 0),
    mime_type        varchar(50)  NOT NULL DEFAULT 'image/jpeg',
    taken_at         timestamptz,
    created_at       timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
