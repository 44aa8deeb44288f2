-- The delivery log is filtered by event type in the UI.
DROP INDEX webhook_deliveries_endpoint_idx;

CREATE INDEX webhook_deliveries_endpoint_event_idx
    ON webhook_deliveries (endpoint_id, event_type, created_at DESC);
