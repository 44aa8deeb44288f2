-- Enterprise yearly contracts overflow integer cents in some currencies.
ALTER TABLE plans ALTER COLUMN price_cents TYPE bigint;
