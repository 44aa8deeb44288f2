ALTER TABLE plans ALTER COLUMN price_cents TYPE integer;
