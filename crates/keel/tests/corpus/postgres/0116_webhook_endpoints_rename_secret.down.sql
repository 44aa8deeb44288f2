ALTER TABLE webhook_endpoints RENAME COLUMN signing_secret TO secret;
