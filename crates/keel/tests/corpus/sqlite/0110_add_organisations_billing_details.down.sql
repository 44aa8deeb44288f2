ALTER TABLE organisations DROP COLUMN country_code;
ALTER TABLE organisations DROP COLUMN billing_email;
