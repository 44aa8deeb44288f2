CREATE TABLE collection_collaborators (
    collection_id  INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    can_edit       INTEGER NOT NULL DEFAULT 0 CHECK (can_edit IN (0, 1)),
    invited_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (collection_id, user_id)
) WITHOUT ROWID;

CREATE INDEX collection_collaborators_user_idx ON collection_collaborators (user_id);
