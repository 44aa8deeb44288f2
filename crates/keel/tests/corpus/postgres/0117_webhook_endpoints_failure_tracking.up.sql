ALTER TABLE webhook_endpoints
    ADD COLUMN consecutive_failures  integer      NOT NULL DEFAULT 0,
    ADD COLUMN disabled_at           timestamptz;

CREATE FUNCTION webhook_deliveries_track_failures() RETURNS trigger
LANGUAGE plpgsql
AS $wh$
DECLARE
    v_failures integer;
BEGIN
    IF NEW.status_code IS NULL THEN
        RETURN NEW;  -- still in flight
    ELSIF NEW.status_code BETWEEN 200 AND 299 THEN
        UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = NEW.endpoint_id;
    ELSE
        UPDATE webhook_endpoints
        SET consecutive_failures = consecutive_failures + 1
        WHERE id = NEW.endpoint_id
        RETURNING consecutive_failures INTO v_failures;

        IF v_failures >= 15 THEN
            UPDATE webhook_endpoints
            SET is_active = false, disabled_at = now()
            WHERE id = NEW.endpoint_id AND is_active;

            RAISE WARNING 'webhook endpoint % disabled after % consecutive failures; last status %',
                          NEW.endpoint_id, v_failures, NEW.status_code;
        END IF;
    END IF;
    RETURN NEW;
END;
$wh$;

CREATE TRIGGER webhook_deliveries_failures
    AFTER INSERT OR UPDATE OF status_code ON webhook_deliveries
    FOR EACH ROW EXECUTE FUNCTION webhook_deliveries_track_failures();
