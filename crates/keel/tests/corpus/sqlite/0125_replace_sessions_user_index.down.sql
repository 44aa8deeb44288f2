DROP INDEX sessions_user_expires_idx;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
