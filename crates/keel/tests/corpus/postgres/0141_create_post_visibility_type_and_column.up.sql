CREATE TYPE post_visibility AS ENUM ('public', 'followers', 'organisation', 'private');

ALTER TABLE posts ADD COLUMN visibility post_visibility NOT NULL DEFAULT 'public';
