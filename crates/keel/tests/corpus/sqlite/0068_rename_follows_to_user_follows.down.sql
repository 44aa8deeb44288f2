DROP INDEX user_follows_followee_id_idx;

ALTER TABLE user_follows RENAME TO follows;

CREATE INDEX follows_followee_id_idx ON follows (followee_id);
