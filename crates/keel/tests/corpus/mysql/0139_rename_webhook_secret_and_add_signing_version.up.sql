ALTER TABLE webhook_endpoints RENAME COLUMN secret TO signing_secret;

ALTER TABLE webhook_endpoints
  ADD COLUMN signing_version TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER signing_secret;
