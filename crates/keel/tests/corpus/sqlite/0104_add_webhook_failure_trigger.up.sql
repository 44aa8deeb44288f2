CREATE TRIGGER webhook_deliveries_track_failures
AFTER UPDATE OF response_status ON webhook_deliveries
FOR EACH ROW
WHEN NEW.response_status IS NOT NULL
BEGIN
    UPDATE webhook_endpoints
       SET failure_count = CASE
                               WHEN NEW.response_status BETWEEN 200 AND 299 THEN 0
                               ELSE failure_count + 1
                           END
     WHERE id = NEW.endpoint_id;

    -- 15 consecutive failures (about a day of retries) switch the endpoint off.
    UPDATE webhook_endpoints
       SET is_active = 0,
           disabled_at = CURRENT_TIMESTAMP
     WHERE id = NEW.endpoint_id
       AND is_active = 1
       AND failure_count >= 15;
END;
