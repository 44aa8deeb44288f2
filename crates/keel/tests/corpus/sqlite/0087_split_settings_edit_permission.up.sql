-- settings.edit becomes settings.general + settings.security; whoever had it gets both.
INSERT INTO permissions (id, code, label) VALUES
    (9,  'settings.general',  'Edit name, logo and defaults'),
    (10, 'settings.security', 'Edit SSO, MFA policy and verified domains');

INSERT INTO role_permissions (role_id, permission_id)
SELECT rp.role_id, p.id
  FROM role_permissions AS rp
  JOIN permissions AS old ON old.id = rp.permission_id AND old.code = 'settings.edit'
 CROSS JOIN permissions AS p
 WHERE p.code IN ('settings.general', 'settings.security');

-- The old permission is obsolete: remove its grants, then the row itself.
DELETE FROM role_permissions
 WHERE permission_id = (SELECT id FROM permissions WHERE code = 'settings.edit');

DELETE FROM permissions WHERE code = 'settings.edit';
