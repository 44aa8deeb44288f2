CREATE VIEW active_users AS
SELECT u.id,
       u.account_id,
       u.email,
       u.display_name,
       u.last_login_at,
       u.created_at
FROM users u
WHERE u.deleted_at IS NULL
  AND u.status = 'active';
