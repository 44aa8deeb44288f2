CREATE TABLE user_activity_daily (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL,
    uploads      INTEGER NOT NULL DEFAULT 0,
    posts        INTEGER NOT NULL DEFAULT 0,
    comments     INTEGER NOT NULL DEFAULT 0,
    likes_given  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
) STRICT;

-- Seed from history: posts per author per day.
INSERT INTO user_activity_daily (user_id, day, posts)
SELECT author_id, date(created_at), count(*)
  FROM posts
 GROUP BY author_id, date(created_at);
