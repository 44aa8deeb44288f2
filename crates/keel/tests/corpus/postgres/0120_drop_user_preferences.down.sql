CREATE TABLE user_preferences (
    user_id  bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    "key"    text    NOT NULL,
    "value"  jsonb   NOT NULL,
    PRIMARY KEY (user_id, "key")
);

-- Move the data back: one row per top-level key.
INSERT INTO user_preferences (user_id, "key", "value")
SELECT u.id, e.key, e.value
FROM users u
CROSS JOIN LATERAL jsonb_each(u.settings) AS e(key, value);
