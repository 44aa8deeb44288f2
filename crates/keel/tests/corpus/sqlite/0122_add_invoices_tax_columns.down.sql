ALTER TABLE invoices DROP COLUMN tax_rate;
ALTER TABLE invoices DROP COLUMN tax_country;
