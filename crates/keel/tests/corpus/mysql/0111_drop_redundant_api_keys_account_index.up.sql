-- uq_api_keys_account_name (account_id, name) now serves fk_api_keys_account.
DROP INDEX idx_api_keys_account ON api_keys;
