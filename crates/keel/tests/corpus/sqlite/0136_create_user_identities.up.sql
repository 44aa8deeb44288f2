-- External logins (Google, Apple, SAML subjects) linked to a user.
CREATE TABLE user_identities (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    email         TEXT,
    connected_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (provider, subject)
);

CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);
