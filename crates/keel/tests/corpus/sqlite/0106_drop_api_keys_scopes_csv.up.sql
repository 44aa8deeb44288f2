-- The comma-separated column was replaced by scope_list (0105).
ALTER TABLE api_keys DROP COLUMN scopes;
