ALTER TABLE plans DROP COLUMN sort_order;
