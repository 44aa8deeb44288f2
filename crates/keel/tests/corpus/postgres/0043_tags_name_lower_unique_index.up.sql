-- "Sunset" and "sunset" are the same tag within an account.
CREATE UNIQUE INDEX tags_account_lower_name_key ON tags (account_id, lower(name));
