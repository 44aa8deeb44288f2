CREATE VIEW active_users AS
SELECT id, account_id, email, display_name, last_login_at, created_at
  FROM users
 WHERE deleted_at IS NULL;
