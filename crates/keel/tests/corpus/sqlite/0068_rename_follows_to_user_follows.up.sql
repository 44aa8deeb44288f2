-- RENAME TO also rewrites the follows_notify trigger and every FK that points here.
ALTER TABLE follows RENAME TO user_follows;

-- Index names are not renamed with the table; SQLite has no ALTER INDEX, so re-create.
DROP INDEX follows_followee_id_idx;
CREATE INDEX user_follows_followee_id_idx ON user_follows (followee_id);
