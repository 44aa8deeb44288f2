-- Raw EXIF as JSON; the two camera columns are extracted on read and indexed.
CREATE TABLE photo_exif (
  photo_id BIGINT UNSIGNED NOT NULL,
  exif JSON NOT NULL,
  camera_make VARCHAR(64) GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(exif, '$.Make'))) VIRTUAL,
  camera_model VARCHAR(128) GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(exif, '$.Model'))) VIRTUAL,
  extracted_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (photo_id),
  KEY idx_photo_exif_camera (camera_make, camera_model),
  CONSTRAINT fk_photo_exif_photo FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
