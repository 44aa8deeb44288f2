-- Preferences move out of users: create + copy here, drop the old columns in the next migration.
CREATE TABLE user_preferences (
  user_id BIGINT UNSIGNED NOT NULL,
  timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  locale VARCHAR(10) NOT NULL DEFAULT 'en',
  email_digest ENUM('never', 'daily', 'weekly') NOT NULL DEFAULT 'weekly',
  theme ENUM('system', 'light', 'dark') NOT NULL DEFAULT 'system',
  extra JSON NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (user_id),
  CONSTRAINT fk_user_preferences_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO user_preferences (user_id, timezone, locale)
SELECT u.id, u.timezone, u.locale
FROM users u;
