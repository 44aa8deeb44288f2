-- No more silent EUR: callers must pass the currency.
ALTER TABLE invoices ALTER COLUMN currency DROP DEFAULT;
