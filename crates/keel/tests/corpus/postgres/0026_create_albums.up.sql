CREATE TABLE albums (
    id              bigserial    PRIMARY KEY,
    owner_id        bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           text         NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description     text,
    cover_photo_id  bigint       REFERENCES photos (id) ON DELETE SET NULL,
    accent_color    hex_color,
    visibility      text         NOT NULL DEFAULT 'private'
                                 CHECK (visibility IN ('private', 'unlisted', 'public')),
    created_at      timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
