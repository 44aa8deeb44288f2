-- Sessions that expired more than 30 days ago move to an archive table (kept for
-- security investigations) and are deleted from the hot table.
CREATE TABLE archived_sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    ip           TEXT,
    user_agent   TEXT,
    archived_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
) STRICT;

INSERT INTO archived_sessions (id, user_id, created_at, expires_at, ip, user_agent)
SELECT id, user_id, created_at, expires_at, ip, user_agent
  FROM sessions
 WHERE expires_at < datetime('now', '-30 days');

DELETE FROM sessions WHERE id IN (SELECT id FROM archived_sessions);
