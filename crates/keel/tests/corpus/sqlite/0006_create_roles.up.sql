CREATE TABLE roles (
    id           INTEGER PRIMARY KEY,
    "key"        TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    description  TEXT
);

-- Seed data; ids are referenced by later migrations, so they are explicit.
INSERT INTO roles (id, "key", name, description) VALUES
    (1, 'owner',  'Owner',  'Full control; can delete the organisation and manage billing'),
    (2, 'admin',  'Admin',  'Manages members, albums and settings; can''t touch billing'),
    (3, 'member', 'Member', 'Uploads photos; comments; likes');
