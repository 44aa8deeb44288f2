ALTER TABLE users
  ADD COLUMN avatar_photo_id BIGINT UNSIGNED NULL AFTER display_name,
  ADD KEY idx_users_avatar_photo (avatar_photo_id),
  ADD CONSTRAINT fk_users_avatar_photo FOREIGN KEY (avatar_photo_id) REFERENCES photos (id) ON DELETE SET NULL;
