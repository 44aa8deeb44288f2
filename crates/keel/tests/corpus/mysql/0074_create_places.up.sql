CREATE TABLE places (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(200) NOT NULL,
  country_code CHAR(2) NULL,
  latitude DECIMAL(9,6) NOT NULL,
  longitude DECIMAL(9,6) NOT NULL,
  PRIMARY KEY (id),
  KEY idx_places_country (country_code),
  KEY idx_places_coordinates (latitude, longitude),
  CONSTRAINT fk_places_country FOREIGN KEY (country_code) REFERENCES countries (code) ON UPDATE CASCADE ON DELETE SET NULL,
  CONSTRAINT chk_places_latitude CHECK (latitude BETWEEN -90 AND 90),
  CONSTRAINT chk_places_longitude CHECK (longitude BETWEEN -180 AND 180)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE photos
  ADD COLUMN place_id BIGINT UNSIGNED NULL AFTER taken_at,
  ADD KEY idx_photos_place (place_id),
  ADD CONSTRAINT fk_photos_place FOREIGN KEY (place_id) REFERENCES places (id) ON DELETE SET NULL;
