INSERT INTO permissions (id, code, label) VALUES (6, 'settings.edit', 'Edit organisation settings');

INSERT INTO role_permissions (role_id, permission_id)
SELECT rp.role_id, 6
  FROM role_permissions AS rp
  JOIN permissions AS p ON p.id = rp.permission_id
 WHERE p.code = 'settings.general';

DELETE FROM role_permissions
 WHERE permission_id IN (SELECT id FROM permissions WHERE code IN ('settings.general', 'settings.security'));

DELETE FROM permissions WHERE code IN ('settings.general', 'settings.security');
