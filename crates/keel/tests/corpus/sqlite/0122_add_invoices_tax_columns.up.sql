ALTER TABLE invoices ADD COLUMN tax_country TEXT;
ALTER TABLE invoices ADD COLUMN tax_rate REAL CHECK (tax_rate IS NULL OR (tax_rate >= 0 AND tax_rate < 1));

-- Best effort for old invoices: the country of the account's first organisation that has one.
UPDATE invoices
   SET tax_country = (SELECT o.country_code
                        FROM organisations AS o
                       WHERE o.account_id = invoices.account_id
                         AND o.country_code IS NOT NULL
                       ORDER BY o.id
                       LIMIT 1);

UPDATE invoices
   SET tax_rate = (SELECT t.rate FROM tax_rates AS t WHERE t.country_code = invoices.tax_country)
 WHERE tax_country IS NOT NULL;
