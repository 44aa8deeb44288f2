INSERT INTO user_settings (user_id, "key", "value")
SELECT id, 'locale', locale
  FROM users
 WHERE locale IS NOT NULL;

UPDATE users SET locale = NULL WHERE locale IS NOT NULL;
