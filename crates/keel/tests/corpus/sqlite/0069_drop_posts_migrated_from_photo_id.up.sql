/* posts.migrated_from_photo_id was scaffolding for 0018.  It is UNIQUE and a foreign key,
   so ALTER TABLE ... DROP COLUMN refuses it: rebuild posts (and add a caption length CHECK
   while we are at it).  The photo -> post mapping is archived, not thrown away. */
CREATE TABLE legacy_photo_posts (
    photo_id     INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
    post_id      INTEGER NOT NULL UNIQUE REFERENCES posts (id) ON DELETE CASCADE,
    archived_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO legacy_photo_posts (photo_id, post_id)
SELECT migrated_from_photo_id, id
  FROM posts
 WHERE migrated_from_photo_id IS NOT NULL;

-- Views and other tables' triggers that mention posts must go before the swap:
-- ALTER TABLE ... RENAME re-checks them and fails while "posts" does not exist.
DROP VIEW public_post_feed;
DROP VIEW post_feed;
DROP TRIGGER likes_after_insert;
DROP TRIGGER likes_after_delete;
DROP TRIGGER likes_notify;
DROP TRIGGER comments_after_insert;
DROP TRIGGER comments_after_delete;
DROP TRIGGER comments_after_soft_delete;
DROP TRIGGER comments_notify;

CREATE TABLE posts_new (
    id               INTEGER PRIMARY KEY,
    author_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    caption          TEXT    CHECK (length(caption) <= 2200),
    visibility       TEXT    NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'organisation', 'public')),
    like_count       INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    comment_count    INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at       TEXT,
    CHECK (deleted_at IS NULL OR deleted_at >= created_at)
);

INSERT INTO posts_new (id, author_id, organisation_id, caption, visibility, like_count, comment_count, created_at, updated_at, deleted_at)
SELECT id, author_id, organisation_id, caption, visibility, like_count, comment_count, created_at, updated_at, deleted_at
  FROM posts;

DROP TABLE posts;

ALTER TABLE posts_new RENAME TO posts;

-- Indexes and triggers of posts went with the old table; re-create them, then the rest.

CREATE INDEX posts_author_created_idx ON posts (author_id, created_at DESC);

CREATE INDEX posts_live_org_created_idx ON posts (organisation_id, created_at DESC) WHERE deleted_at IS NULL;

CREATE TRIGGER posts_touch_updated_at
AFTER UPDATE OF caption, visibility, organisation_id ON posts
FOR EACH ROW
BEGIN
    UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

CREATE TRIGGER posts_taggings_cleanup
AFTER DELETE ON posts
FOR EACH ROW
BEGIN
    DELETE FROM taggings WHERE taggable_type = 'post' AND taggable_id = OLD.id;
END;

CREATE TRIGGER posts_search_insert
AFTER INSERT ON posts
FOR EACH ROW
WHEN NEW.caption IS NOT NULL
BEGIN
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    VALUES ('post', NEW.id, (SELECT account_id FROM users WHERE id = NEW.author_id), NEW.caption);
END;

CREATE TRIGGER posts_search_update
AFTER UPDATE OF caption ON posts
FOR EACH ROW
BEGIN
    DELETE FROM search_documents
     WHERE doc_type = 'post' AND doc_id = OLD.id AND NEW.caption IS NULL;
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    SELECT 'post', NEW.id, u.account_id, NEW.caption
      FROM users AS u
     WHERE u.id = NEW.author_id AND NEW.caption IS NOT NULL
    ON CONFLICT (doc_type, doc_id) DO UPDATE
       SET body = excluded.body,
           updated_at = CURRENT_TIMESTAMP;
END;

CREATE TRIGGER posts_search_delete
AFTER DELETE ON posts
FOR EACH ROW
BEGIN
    DELETE FROM search_documents WHERE doc_type = 'post' AND doc_id = OLD.id;
END;

CREATE TRIGGER likes_after_insert
AFTER INSERT ON likes
FOR EACH ROW
BEGIN
    UPDATE posts SET like_count = like_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER likes_after_delete
AFTER DELETE ON likes
FOR EACH ROW
BEGIN
    UPDATE posts
       SET like_count = CASE WHEN like_count > 0 THEN like_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
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

CREATE VIEW post_feed AS
SELECT p.id              AS post_id,
       p.author_id,
       u.display_name    AS author_name,
       p.organisation_id,
       p.caption,
       p.visibility,
       p.like_count,
       p.comment_count,
       (SELECT pp.photo_id
          FROM post_photos AS pp
         WHERE pp.post_id = p.id
         ORDER BY pp.position
         LIMIT 1)        AS cover_photo_id,
       (SELECT count(*)
          FROM post_photos AS pp
         WHERE pp.post_id = p.id) AS photo_count,
       p.created_at,
       p.updated_at
  FROM posts AS p
  JOIN users AS u ON u.id = p.author_id
 WHERE p.deleted_at IS NULL;

CREATE VIEW public_post_feed AS
SELECT post_id, author_id, author_name, caption, like_count, comment_count,
       cover_photo_id, photo_count, created_at
  FROM post_feed
 WHERE visibility = 'public';
