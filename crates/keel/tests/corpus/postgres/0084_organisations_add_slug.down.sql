ALTER TABLE organisations DROP CONSTRAINT organisations_account_slug_key;
ALTER TABLE organisations DROP COLUMN slug;
