CREATE TABLE sso_connections (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  organisation_id BIGINT UNSIGNED NOT NULL,
  protocol ENUM('saml', 'oidc') NOT NULL,
  display_name VARCHAR(100) NOT NULL DEFAULT 'Single sign-on',
  metadata_url VARCHAR(1024) NULL,
  issuer VARCHAR(512) NULL,
  client_id VARCHAR(255) NULL,
  client_secret_enc VARBINARY(512) NULL,
  config JSON NOT NULL DEFAULT (JSON_OBJECT()),
  is_enforced BOOLEAN NOT NULL DEFAULT FALSE,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_sso_connections_organisation (organisation_id),
  CONSTRAINT fk_sso_connections_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT chk_sso_connections_oidc CHECK ((protocol = 'oidc') = (client_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
