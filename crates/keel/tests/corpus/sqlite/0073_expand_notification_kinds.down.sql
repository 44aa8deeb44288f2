DROP TRIGGER comments_notify;
DROP TRIGGER likes_notify;
DROP TRIGGER follows_notify;

CREATE TABLE notifications_old (
    id             INTEGER PRIMARY KEY,
    recipient_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('comment', 'reply', 'like', 'follow', 'mention')),
    subject_type   TEXT,
    subject_id     INTEGER,
    payload        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    read_at        TEXT,
    created_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Notifications of the new kinds cannot be represented in the old table; they are transient
-- and are dropped here.
INSERT INTO notifications_old (id, recipient_id, actor_id, kind, subject_type, subject_id, payload, read_at, created_at)
SELECT id, recipient_id, actor_id, kind, subject_type, subject_id, payload, read_at, created_at
  FROM notifications
 WHERE kind IN ('comment', 'reply', 'like', 'follow', 'mention');

DROP TABLE notifications;

ALTER TABLE notifications_old RENAME TO notifications;

CREATE INDEX notifications_unread_idx ON notifications (recipient_id, created_at DESC) WHERE read_at IS NULL;

CREATE TRIGGER comments_notify
AFTER INSERT ON comments
FOR EACH ROW
BEGIN
    -- The post's author hears about every comment and reply; nobody is notified about their own.
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT p.author_id, NEW.author_id,
           CASE WHEN NEW.parent_id IS NULL THEN 'comment' ELSE 'reply' END,
           'comment', NEW.id,
           json_object('post_id', NEW.post_id, 'excerpt', substr(NEW.body, 1, 80))
      FROM posts AS p
     WHERE p.id = NEW.post_id
       AND p.author_id IS NOT NEW.author_id;
    -- The parent comment's author hears about replies (unless they wrote the post; see above).
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT c.author_id, NEW.author_id, 'reply', 'comment', NEW.id,
           json_object('post_id', NEW.post_id, 'parent_id', c.id, 'excerpt', substr(NEW.body, 1, 80))
      FROM comments AS c
      JOIN posts AS p ON p.id = NEW.post_id
     WHERE c.id = NEW.parent_id
       AND c.author_id IS NOT NULL
       AND c.author_id IS NOT NEW.author_id
       AND c.author_id IS NOT p.author_id;
END;

CREATE TRIGGER likes_notify
AFTER INSERT ON likes
FOR EACH ROW
BEGIN
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT p.author_id, NEW.user_id, 'like', 'post', p.id,
           json_object('like_count', l.n,
                       'milestone', CASE
                                        WHEN l.n IN (10, 100, 1000, 10000) THEN 1
                                        ELSE 0
                                    END)
      FROM posts AS p
      -- count the likes directly: the counter-cache trigger may not have run yet
      CROSS JOIN (SELECT count(*) AS n FROM likes WHERE post_id = NEW.post_id) AS l
     WHERE p.id = NEW.post_id
       AND p.author_id <> NEW.user_id;
END;

CREATE TRIGGER follows_notify
AFTER INSERT ON user_follows
FOR EACH ROW
BEGIN
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id)
    VALUES (NEW.followee_id, NEW.follower_id, 'follow', 'user', NEW.follower_id);
END;
