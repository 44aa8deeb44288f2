ALTER TABLE posts DROP COLUMN visibility;
DROP TYPE post_visibility;
