-- New posts are visible to followers only unless the author picks otherwise.
ALTER TABLE posts ALTER COLUMN visibility SET DEFAULT 'followers';
