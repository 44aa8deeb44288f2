CREATE TABLE notification_preferences (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL,
    channel  TEXT    NOT NULL CHECK (channel IN ('push', 'email', 'in_app')),
    enabled  INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, kind, channel)
) WITHOUT ROWID;

/* Defaults: everything in-app; push for direct interactions; e-mail only for mentions.
   (Deleted users get no rows; they can't log in to change them anyway.) */
INSERT INTO notification_preferences (user_id, kind, channel, enabled)
SELECT u.id, k.kind, c.channel,
       CASE
           WHEN c.channel = 'in_app' THEN 1
           WHEN c.channel = 'push'  AND k.kind IN ('comment', 'reply', 'mention') THEN 1
           WHEN c.channel = 'email' AND k.kind = 'mention' THEN 1
           ELSE 0
       END
  FROM users AS u
 CROSS JOIN (SELECT 'comment' AS kind UNION ALL SELECT 'reply' UNION ALL SELECT 'like'
             UNION ALL SELECT 'follow' UNION ALL SELECT 'mention') AS k
 CROSS JOIN (SELECT 'push' AS channel UNION ALL SELECT 'email' UNION ALL SELECT 'in_app') AS c
 WHERE u.deleted_at IS NULL;
