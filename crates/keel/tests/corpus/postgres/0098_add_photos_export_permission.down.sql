DELETE FROM role_permissions
WHERE permission_id = (SELECT id FROM permissions WHERE code = 'photos.export');

DELETE FROM permissions WHERE code = 'photos.export';
