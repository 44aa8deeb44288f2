-- locale NULL means "use the browser's"; it moves out of user_settings in the next migration.
ALTER TABLE users ADD COLUMN locale TEXT CHECK (locale IS NULL OR locale GLOB '[a-z][a-z]*');
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
