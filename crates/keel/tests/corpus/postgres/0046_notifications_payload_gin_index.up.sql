CREATE INDEX notifications_payload_gin_idx ON notifications USING gin (payload);
