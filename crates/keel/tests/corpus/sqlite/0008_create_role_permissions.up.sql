CREATE TABLE role_permissions (
    role_id        INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_id  INTEGER NOT NULL REFERENCES permissions (id) ON DELETE RESTRICT,
    PRIMARY KEY (role_id, permission_id)
);

/* Owners get everything; admins get everything except billing;
   members may only upload.  (Keep this in sync with docs/roles.md; it's the source of truth.) */
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM roles AS r
 CROSS JOIN permissions AS p
 WHERE r."key" = 'owner';

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM roles AS r
  JOIN permissions AS p ON p.code <> 'billing.manage'
 WHERE r."key" = 'admin';

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM roles AS r
  JOIN permissions AS p ON p.code = 'photos.upload'
 WHERE r."key" = 'member';
