-- Tokens are revoked (on logout; on APNs "Unregistered") rather than deleted,
-- so that a replayed registration can be recognised.
ALTER TABLE device_tokens ADD COLUMN revoked_at timestamptz;

-- Push fan-out only ever reads live tokens.
CREATE INDEX device_tokens_live_user_idx ON device_tokens (user_id) WHERE revoked_at IS NULL;
