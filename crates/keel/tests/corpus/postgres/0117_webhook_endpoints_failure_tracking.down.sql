DROP TRIGGER webhook_deliveries_failures ON webhook_deliveries;
DROP FUNCTION webhook_deliveries_track_failures();

ALTER TABLE webhook_endpoints
    DROP COLUMN disabled_at,
    DROP COLUMN consecutive_failures;
