-- "List my active sessions" filters on expiry too; the new index covers the old one's uses.
DROP INDEX sessions_user_id_idx;

CREATE INDEX sessions_user_expires_idx ON sessions (user_id, expires_at DESC);
