INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r, permissions p
WHERE r.name = 'editor'
  AND p.code = 'photos.delete'
ON CONFLICT (role_id, permission_id) DO NOTHING;
