CREATE INDEX idx_users_display_name ON users (display_name(32));
