CREATE TABLE share_links (
    id               INTEGER PRIMARY KEY,
    token            TEXT    NOT NULL UNIQUE CHECK (length(token) >= 22),
    album_id         INTEGER REFERENCES albums (id) ON DELETE CASCADE,
    post_id          INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    password_digest  TEXT,
    view_count       INTEGER NOT NULL DEFAULT 0,
    expires_at       TEXT,
    revoked_at       TEXT,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((album_id IS NULL) <> (post_id IS NULL))  -- a link shares exactly one thing
);

CREATE INDEX share_links_album_idx ON share_links (album_id) WHERE album_id IS NOT NULL AND revoked_at IS NULL;
CREATE INDEX share_links_post_idx ON share_links (post_id) WHERE post_id IS NOT NULL AND revoked_at IS NULL;
