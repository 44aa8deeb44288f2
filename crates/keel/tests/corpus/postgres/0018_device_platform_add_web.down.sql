-- An enum label can't be dropped: rebuild the type without 'web'.
-- Web tokens cannot exist before this migration, so they are discarded.
DELETE FROM device_tokens WHERE platform = 'web';

ALTER TYPE device_platform RENAME TO device_platform_old;
CREATE TYPE device_platform AS ENUM ('ios', 'android');

ALTER TABLE device_tokens
    ALTER COLUMN platform TYPE device_platform USING platform::text::device_platform;

DROP TYPE device_platform_old;
