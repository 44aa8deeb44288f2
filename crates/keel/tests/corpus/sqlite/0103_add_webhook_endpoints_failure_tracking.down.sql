ALTER TABLE webhook_endpoints DROP COLUMN disabled_at;
ALTER TABLE webhook_endpoints DROP COLUMN failure_count;
ALTER TABLE webhook_endpoints DROP COLUMN description;
