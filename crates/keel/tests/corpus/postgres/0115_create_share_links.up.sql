-- Share-link ids are handed out in public URLs; a dedicated sequence starting
-- high avoids leaking how many links exist.
CREATE SEQUENCE share_link_seq AS bigint START WITH 100000 INCREMENT BY 1 CACHE 10;

CREATE TABLE share_links (
    id             bigint       PRIMARY KEY DEFAULT nextval('share_link_seq'),
    album_id       bigint       NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    created_by     bigint       REFERENCES users (id) ON DELETE SET NULL,
    code           text         NOT NULL UNIQUE DEFAULT substr(md5(gen_random_uuid()::text), 1, 10),
    password_hash  text,
    expires_at     timestamptz,
    view_count     integer      NOT NULL DEFAULT 0,
    created_at     timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Tie the sequence's lifetime to the column.
ALTER SEQUENCE share_link_seq OWNED BY share_links.id;
