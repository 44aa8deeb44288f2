UPDATE device_tokens
   SET revoked_at = NULL
 WHERE revoked_reason = 'inactivity';

ALTER TABLE device_tokens DROP COLUMN revoked_reason;
