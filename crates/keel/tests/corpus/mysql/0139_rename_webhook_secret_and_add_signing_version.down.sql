ALTER TABLE webhook_endpoints
  DROP COLUMN signing_version,
  RENAME COLUMN signing_secret TO secret;
