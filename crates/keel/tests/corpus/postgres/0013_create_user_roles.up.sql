CREATE TABLE user_roles (
    user_id     bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id     smallint     NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    granted_by  bigint       REFERENCES users (id) ON DELETE SET NULL,
    granted_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, role_id)
);
