-- Deleting photos is now reserved for admins: remove the obsolete grant.
DELETE FROM role_permissions rp
USING roles r, permissions p
WHERE rp.role_id = r.id
  AND rp.permission_id = p.id
  AND r.name = 'editor'
  AND p.code = 'photos.delete';
