INSERT INTO permissions (code, description)
VALUES ('photos.export', 'Download a ZIP of all photos; slow; rate-limited');

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r, permissions p
WHERE r.name IN ('superuser', 'account_admin')
  AND p.code = 'photos.export';
