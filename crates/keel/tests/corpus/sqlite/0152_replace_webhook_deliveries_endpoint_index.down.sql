DROP INDEX webhook_deliveries_endpoint_event_idx;

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);
