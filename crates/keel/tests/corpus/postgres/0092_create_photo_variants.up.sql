CREATE TABLE photo_variants (
    photo_id     bigint       NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    variant      text         NOT NULL
                              CHECK (variant IN ('thumb', 'small', 'medium', 'large', 'original_webp')),
    storage_key  text         NOT NULL UNIQUE,
    width        integer      NOT NULL CHECK (width > 0),
    height       integer      NOT NULL CHECK (height > 0),
    byte_size    bigint       NOT NULL CHECK (byte_size >= 0),
    created_at   timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (photo_id, variant)
);
