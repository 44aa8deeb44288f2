CREATE TABLE taggings (
  tag_id INT UNSIGNED NOT NULL,
  taggable_type ENUM('photo', 'album') NOT NULL,
  taggable_id BIGINT UNSIGNED NOT NULL,
  tagged_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tag_id, taggable_type, taggable_id),
  KEY idx_taggings_target (taggable_type, taggable_id),
  KEY idx_taggings_tagged_by (tagged_by),
  CONSTRAINT fk_taggings_tag FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE,
  CONSTRAINT fk_taggings_tagged_by FOREIGN KEY (tagged_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
