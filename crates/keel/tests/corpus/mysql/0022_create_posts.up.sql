-- Posts replace single-photo captions: a post has a body and up to 20 photos.
CREATE TABLE posts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  author_id BIGINT UNSIGNED NOT NULL,
  organisation_id BIGINT UNSIGNED NULL,
  body TEXT NULL,
  legacy_photo_id BIGINT UNSIGNED NULL COMMENT 'set for posts migrated from a captioned photo',
  visibility ENUM('private', 'followers', 'organisation', 'public') NOT NULL DEFAULT 'public',
  published_at DATETIME NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_posts_legacy_photo (legacy_photo_id),
  KEY idx_posts_author_published (author_id, published_at),
  KEY idx_posts_organisation (organisation_id),
  CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_posts_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE post_photos (
  post_id BIGINT UNSIGNED NOT NULL,
  photo_id BIGINT UNSIGNED NOT NULL,
  position TINYINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, photo_id),
  UNIQUE KEY uq_post_photos_position (post_id, position),
  KEY idx_post_photos_photo (photo_id),
  CONSTRAINT fk_post_photos_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT fk_post_photos_photo FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE CASCADE,
  CONSTRAINT chk_post_photos_position CHECK (position < 20)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
