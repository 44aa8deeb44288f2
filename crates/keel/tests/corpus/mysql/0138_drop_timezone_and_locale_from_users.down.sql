ALTER TABLE users
  ADD COLUMN timezone VARCHAR(64) NOT NULL DEFAULT 'UTC' AFTER status,
  ADD COLUMN locale VARCHAR(10) NOT NULL DEFAULT 'en' AFTER timezone;

-- move the values back; updated_at stays as it was
UPDATE users u
JOIN user_preferences p ON p.user_id = u.id
SET u.timezone = p.timezone,
    u.locale = p.locale,
    u.updated_at = u.updated_at;
