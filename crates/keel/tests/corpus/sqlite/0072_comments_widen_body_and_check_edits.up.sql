/* Longer comments (10 000 chars), no whitespace-only bodies, and edits can't predate the
   comment.  comments references itself (parent_id): the new table's FK already names
   "comments", which is correct once the new table has been renamed. */
CREATE TABLE comments_new (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body        TEXT    NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 10000),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    edited_at   TEXT,
    deleted_at  TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK (edited_at IS NULL OR edited_at >= created_at)
);

INSERT INTO comments_new (id, post_id, parent_id, author_id, body, created_at, edited_at, deleted_at)
SELECT id, post_id, parent_id, author_id, body, created_at, edited_at, deleted_at
  FROM comments;

DROP TABLE comments;

ALTER TABLE comments_new RENAME TO comments;

CREATE INDEX comments_post_created_idx ON comments (post_id, created_at);

CREATE INDEX comments_parent_id_idx ON comments (parent_id) WHERE parent_id IS NOT NULL;

CREATE INDEX comments_author_id_idx ON comments (author_id);

CREATE TRIGGER comments_after_insert
AFTER INSERT ON comments
FOR EACH ROW
BEGIN
    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
FOR EACH ROW
WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE posts
       SET comment_count = CASE WHEN comment_count > 0 THEN comment_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
END;

CREATE TRIGGER comments_after_soft_delete
AFTER UPDATE OF deleted_at ON comments
FOR EACH ROW
BEGIN
    UPDATE posts
       SET comment_count = max(0, comment_count + CASE
                                   WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN -1
                                   WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 1
                                   ELSE 0
                               END)
     WHERE id = NEW.post_id;
END;

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
