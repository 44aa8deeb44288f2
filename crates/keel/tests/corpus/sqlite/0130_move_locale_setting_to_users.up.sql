-- Copy, then delete: the 'locale' rows of user_settings become users.locale.
UPDATE users
   SET locale = (SELECT s."value"
                   FROM user_settings AS s
                  WHERE s.user_id = users.id AND s."key" = 'locale')
 WHERE EXISTS (SELECT 1
                 FROM user_settings AS s
                WHERE s.user_id = users.id AND s."key" = 'locale');

DELETE FROM user_settings WHERE "key" = 'locale';
