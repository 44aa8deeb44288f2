CREATE TABLE albums (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  owner_id BIGINT UNSIGNED NOT NULL,
  organisation_id BIGINT UNSIGNED NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NULL,
  cover_photo_id BIGINT UNSIGNED NULL,
  visibility ENUM('private', 'organisation', 'public') NOT NULL DEFAULT 'private',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_albums_owner (owner_id),
  KEY idx_albums_organisation (organisation_id),
  KEY idx_albums_cover_photo (cover_photo_id),
  KEY idx_albums_title (title(20)),
  CONSTRAINT fk_albums_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_albums_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE SET NULL,
  CONSTRAINT fk_albums_cover_photo FOREIGN KEY (cover_photo_id) REFERENCES photos (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
