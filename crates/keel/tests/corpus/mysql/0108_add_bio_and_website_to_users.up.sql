ALTER TABLE users
  ADD COLUMN bio VARCHAR(1000) NULL AFTER avatar_photo_id,
  ADD COLUMN website VARCHAR(255) NULL AFTER bio,
  ADD CONSTRAINT chk_users_website CHECK (website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%');
