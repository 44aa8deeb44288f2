DROP TRIGGER users_set_updated_at ON users;
ALTER TABLE users DROP COLUMN updated_at;
