-- Users may now have several addresses; users.email stays as the login.
CREATE TABLE user_emails (
    id           bigserial      PRIMARY KEY,
    user_id      bigint         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email        email_address  NOT NULL,
    is_primary   boolean        NOT NULL DEFAULT false,
    verified_at  timestamptz,
    created_at   timestamptz    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE UNIQUE INDEX user_emails_email_lower_key ON user_emails (lower(email));
CREATE INDEX user_emails_user_id_idx ON user_emails (user_id);

INSERT INTO user_emails (user_id, email, is_primary, verified_at, created_at)
SELECT u.id, u.email, true, u.email_verified_at, u.created_at
FROM users u
ORDER BY u.id;
