CREATE TABLE organisation_domains (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  organisation_id BIGINT UNSIGNED NOT NULL,
  domain VARCHAR(253) NOT NULL,
  verification_token CHAR(32) CHARACTER SET ascii NOT NULL,
  verified_at DATETIME NULL,
  auto_join BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'new users with this e-mail domain join automatically',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_organisation_domains_domain (domain),
  KEY idx_organisation_domains_organisation (organisation_id),
  CONSTRAINT fk_organisation_domains_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT chk_organisation_domains_domain CHECK (domain LIKE '%_._%' AND domain NOT LIKE '%/%'),
  CONSTRAINT chk_organisation_domains_auto_join CHECK (auto_join = FALSE OR verified_at IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
