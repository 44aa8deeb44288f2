DROP INDEX webhook_deliveries_endpoint_idx;
DROP INDEX webhook_deliveries_pending_idx;
DROP TABLE webhook_deliveries;
