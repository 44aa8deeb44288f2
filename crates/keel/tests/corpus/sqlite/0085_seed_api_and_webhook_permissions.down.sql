DELETE FROM role_permissions
 WHERE permission_id IN (SELECT id FROM permissions WHERE code IN ('api_keys.manage', 'webhooks.manage'));

DELETE FROM permissions WHERE code IN ('api_keys.manage', 'webhooks.manage');
