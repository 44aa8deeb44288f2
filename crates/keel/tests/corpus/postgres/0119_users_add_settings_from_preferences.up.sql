-- user_preferences (one row per key) is folded into a jsonb column on users.
-- Step 1: add the column and copy; the old table is dropped in the next step.
ALTER TABLE users ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE users DISABLE TRIGGER users_set_updated_at;

UPDATE users u
SET settings = s.settings
FROM (
    SELECT user_id, jsonb_object_agg("key", "value") AS settings
    FROM user_preferences
    GROUP BY user_id
) s
WHERE s.user_id = u.id;

ALTER TABLE users ENABLE TRIGGER users_set_updated_at;
