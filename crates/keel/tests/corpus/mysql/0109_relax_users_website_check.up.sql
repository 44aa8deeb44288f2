-- Allow bare domains like 'example.com'; the UI adds the scheme when rendering.
ALTER TABLE users DROP CONSTRAINT chk_users_website;
