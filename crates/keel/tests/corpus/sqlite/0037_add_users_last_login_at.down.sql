DROP TRIGGER sessions_record_login;

ALTER TABLE users DROP COLUMN last_login_at;
