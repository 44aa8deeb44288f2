ALTER TABLE organisations DROP COLUMN default_visibility;
