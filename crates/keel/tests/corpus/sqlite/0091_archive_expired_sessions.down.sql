-- Move them back (sessions_record_login only moves last_login_at forward, so re-inserting
-- old sessions leaves users untouched).
INSERT INTO sessions (id, user_id, created_at, expires_at, ip, user_agent)
SELECT id, user_id, created_at, expires_at, ip, user_agent
  FROM archived_sessions
 WHERE user_id IN (SELECT id FROM users);

DROP TABLE archived_sessions;
