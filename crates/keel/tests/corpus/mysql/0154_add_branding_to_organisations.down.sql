ALTER TABLE organisations DROP COLUMN branding;
