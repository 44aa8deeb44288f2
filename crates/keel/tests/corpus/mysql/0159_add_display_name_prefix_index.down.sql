DROP INDEX idx_users_display_name ON users;
