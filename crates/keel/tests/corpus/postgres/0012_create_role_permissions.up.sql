CREATE TABLE role_permissions (
    role_id        smallint  NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    -- RESTRICT: a permission still granted to a role must be revoked explicitly.
    permission_id  integer   NOT NULL REFERENCES permissions (id) ON DELETE RESTRICT,
    PRIMARY KEY (role_id, permission_id)
);

CREATE INDEX role_permissions_permission_id_idx ON role_permissions (permission_id);

-- superuser: everything
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r CROSS JOIN permissions p
WHERE r.name = 'superuser';

-- account_admin: everything as well (today); kept separate so it can diverge
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r
JOIN permissions p ON p.code IN ('photos.read', 'photos.write', 'photos.delete',
                                 'members.manage', 'billing.manage', 'settings.manage')
WHERE r.name = 'account_admin';

-- editor: content only
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r
JOIN permissions p ON p.code LIKE 'photos.%'
WHERE r.name = 'editor';

-- viewer: read only
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r
JOIN permissions p ON p.code = 'photos.read'
WHERE r.name = 'viewer';
