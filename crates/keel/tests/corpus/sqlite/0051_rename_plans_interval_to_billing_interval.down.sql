ALTER TABLE plans RENAME COLUMN billing_interval TO "interval";
