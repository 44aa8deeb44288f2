ALTER TABLE device_tokens ADD COLUMN revoked_reason TEXT
    CHECK (revoked_reason IN ('user', 'inactivity', 'security'));

-- Tokens not seen for six months are dead; APNs/FCM reject them anyway.
-- revoked_reason = 'inactivity' marks exactly the rows touched here.
UPDATE device_tokens
   SET revoked_at     = CURRENT_TIMESTAMP,
       revoked_reason = 'inactivity'
 WHERE revoked_at IS NULL
   AND coalesce(last_seen_at, created_at) < datetime('now', '-180 days');
