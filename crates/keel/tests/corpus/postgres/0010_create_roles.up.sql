CREATE TABLE roles (
    id           smallint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text      NOT NULL UNIQUE,
    description  text      NOT NULL DEFAULT '',
    is_system    boolean   NOT NULL DEFAULT false
);

-- System roles; the application refers to them by name, never by id.
INSERT INTO roles (name, description, is_system) VALUES
    ('superuser',     'Full access to everything; use sparingly', true),
    ('account_admin', 'Manages billing, members and settings for an account', true),
    ('editor',        'Can publish, edit and delete content', true),
    ('viewer',        'Read-only access; can''t change anything', true);
