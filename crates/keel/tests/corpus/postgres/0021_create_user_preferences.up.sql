CREATE TABLE user_preferences (
    user_id  bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    "key"    text    NOT NULL,
    "value"  jsonb   NOT NULL,
    PRIMARY KEY (user_id, "key")
);
