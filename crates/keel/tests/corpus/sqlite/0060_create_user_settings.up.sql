CREATE TABLE user_settings (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    "key"       TEXT    NOT NULL,
    "value"     TEXT    NOT NULL,
    PRIMARY KEY (user_id, "key")
);

-- Everyone starts on the 'system' theme; e-mail digests stay weekly.
INSERT INTO user_settings (user_id, "key", "value")
SELECT id, 'theme', 'system' FROM users;

INSERT INTO user_settings (user_id, "key", "value")
SELECT id, 'digest', 'weekly' FROM users;
