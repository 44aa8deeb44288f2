ALTER TABLE api_keys DROP INDEX uq_api_keys_account_name;
