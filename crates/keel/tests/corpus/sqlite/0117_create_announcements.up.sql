CREATE TABLE announcements (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    audience   TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'admins', 'billing')),
    starts_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ends_at    TEXT,
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);

CREATE TABLE announcement_dismissals (
    announcement_id  INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dismissed_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (announcement_id, user_id)
) WITHOUT ROWID;

INSERT INTO announcements (title, body, audience, starts_at, ends_at) VALUES
    ('Multi-photo posts are here',
     'Posts can now hold up to 20 photos; drag to reorder.  Old single-photo posts were converted for you.',
     'all', '2024-03-01 00:00:00', '2024-04-01 00:00:00');
