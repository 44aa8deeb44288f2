ALTER TABLE sessions RENAME COLUMN ip_address TO ip;
