CREATE TABLE photo_variants (
  photo_id BIGINT UNSIGNED NOT NULL,
  variant ENUM('thumb', 'small', 'medium', 'large') NOT NULL,
  storage_key VARCHAR(255) NOT NULL,
  width SMALLINT UNSIGNED NOT NULL,
  height SMALLINT UNSIGNED NOT NULL,
  size_bytes INT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (photo_id, variant),
  UNIQUE KEY uq_photo_variants_storage_key (storage_key),
  CONSTRAINT fk_photo_variants_photo FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
