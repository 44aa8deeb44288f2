ALTER TABLE posts ALTER COLUMN visibility SET DEFAULT 'public';
