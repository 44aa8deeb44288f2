-- "interval" is a reserved word in PostgreSQL and MySQL; keep the schemas aligned.
ALTER TABLE plans RENAME COLUMN "interval" TO billing_interval;
