ALTER TABLE users DROP CONSTRAINT chk_users_website;
ALTER TABLE users DROP COLUMN website, DROP COLUMN bio;
