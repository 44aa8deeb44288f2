ALTER TABLE webhook_endpoints RENAME COLUMN secret TO signing_secret;
