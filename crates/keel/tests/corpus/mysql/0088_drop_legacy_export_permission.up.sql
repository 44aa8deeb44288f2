-- The old ZIP exporter is gone (replaced by data_exports); remove its permission.
DELETE FROM role_permissions
WHERE permission_id = (SELECT id FROM permissions WHERE code = 'photos.legacy_export');

DELETE FROM permissions WHERE code = 'photos.legacy_export';
