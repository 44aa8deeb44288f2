ALTER TABLE sessions RENAME COLUMN ip TO ip_address;
