-- Bare domains stored meanwhile would violate the old check: give them a scheme first.
UPDATE users
SET website = CONCAT('https://', website),
    updated_at = updated_at
WHERE website IS NOT NULL
  AND website NOT LIKE 'http://%'
  AND website NOT LIKE 'https://%';

ALTER TABLE users
  ADD CONSTRAINT chk_users_website CHECK (website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%');
