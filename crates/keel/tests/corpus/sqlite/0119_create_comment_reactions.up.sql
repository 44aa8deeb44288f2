CREATE TABLE comment_reactions (
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji       TEXT    NOT NULL CHECK (length(emoji) BETWEEN 1 AND 16),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (comment_id, user_id, emoji)
);

CREATE INDEX comment_reactions_user_id_idx ON comment_reactions (user_id);
