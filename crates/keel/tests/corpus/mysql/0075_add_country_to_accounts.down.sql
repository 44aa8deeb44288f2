ALTER TABLE accounts DROP FOREIGN KEY fk_accounts_country;
ALTER TABLE accounts DROP KEY idx_accounts_country, DROP COLUMN country_code;
