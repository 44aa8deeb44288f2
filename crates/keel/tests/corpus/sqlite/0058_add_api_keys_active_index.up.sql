-- Authentication looks keys up by prefix (unique already); listing shows live keys only.
CREATE INDEX api_keys_active_idx ON api_keys (account_id, expires_at) WHERE revoked_at IS NULL;
