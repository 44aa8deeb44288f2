ALTER TABLE accounts
    ADD COLUMN billing_email  email_address,
    ADD COLUMN country        char(2),
    ADD COLUMN tax_id         text,
    ADD CONSTRAINT accounts_country_iso CHECK (country ~ '^[A-Z]{2}$');
