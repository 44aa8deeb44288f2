ALTER TABLE users DROP FOREIGN KEY fk_users_avatar_photo;
ALTER TABLE users DROP KEY idx_users_avatar_photo, DROP COLUMN avatar_photo_id;
