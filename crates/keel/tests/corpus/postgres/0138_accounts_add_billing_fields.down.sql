ALTER TABLE accounts
    DROP CONSTRAINT accounts_country_iso,
    DROP COLUMN tax_id,
    DROP COLUMN country,
    DROP COLUMN billing_email;
