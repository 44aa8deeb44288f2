-- 100 characters was too short for some legal names. varchar(n) -> varchar(m>n)
-- is a catalog-only change in PostgreSQL (no table rewrite).
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(200);
