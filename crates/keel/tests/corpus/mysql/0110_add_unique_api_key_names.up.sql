ALTER TABLE api_keys ADD CONSTRAINT uq_api_keys_account_name UNIQUE (account_id, name);
