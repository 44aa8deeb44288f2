CREATE TABLE permissions (
    id     INTEGER PRIMARY KEY,
    code   TEXT    NOT NULL UNIQUE CHECK (code GLOB '[a-z]*.[a-z]*'),
    label  TEXT    NOT NULL
);

INSERT INTO permissions (id, code, label) VALUES
    (1, 'photos.upload',  'Upload photos'),
    (2, 'photos.delete',  'Delete any photo'),
    (3, 'members.invite', 'Invite members'),
    (4, 'members.remove', 'Remove members'),
    (5, 'billing.manage', 'Manage billing; view and pay invoices'),
    (6, 'settings.edit',  'Edit organisation settings');
