-- Search helper: one denormalised row per searchable entity, with a FULLTEXT index.
CREATE TABLE search_documents (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  entity_type ENUM('post', 'photo', 'album', 'user') NOT NULL,
  entity_id BIGINT UNSIGNED NOT NULL,
  organisation_id BIGINT UNSIGNED NULL,
  title VARCHAR(255) NULL,
  body MEDIUMTEXT NULL,
  indexed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_search_documents_entity (entity_type, entity_id),
  KEY idx_search_documents_organisation (organisation_id),
  FULLTEXT KEY ft_search_documents_text (title, body),
  CONSTRAINT fk_search_documents_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
