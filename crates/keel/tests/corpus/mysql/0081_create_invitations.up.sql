CREATE TABLE invitations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  organisation_id BIGINT UNSIGNED NOT NULL,
  email VARCHAR(255) NOT NULL,
  role_id SMALLINT UNSIGNED NOT NULL,
  token CHAR(43) CHARACTER SET ascii NOT NULL COMMENT 'base64url, 32 random bytes',
  invited_by BIGINT UNSIGNED NULL,
  expires_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP + INTERVAL 7 DAY),
  accepted_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_invitations_token (token),
  UNIQUE KEY uq_invitations_organisation_email (organisation_id, email),
  KEY idx_invitations_role (role_id),
  KEY idx_invitations_invited_by (invited_by),
  CONSTRAINT fk_invitations_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT fk_invitations_role FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE RESTRICT,
  CONSTRAINT fk_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
