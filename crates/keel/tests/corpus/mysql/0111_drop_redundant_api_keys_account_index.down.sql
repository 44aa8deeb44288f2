CREATE INDEX idx_api_keys_account ON api_keys (account_id);
