CREATE TABLE mentions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  source_type ENUM('post', 'comment') NOT NULL,
  source_id BIGINT UNSIGNED NOT NULL,
  mentioned_user_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_mentions_source_user (source_type, source_id, mentioned_user_id),
  KEY idx_mentions_user_created (mentioned_user_id, created_at),
  CONSTRAINT fk_mentions_user FOREIGN KEY (mentioned_user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
