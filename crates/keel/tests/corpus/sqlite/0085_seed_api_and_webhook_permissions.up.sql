INSERT INTO permissions (id, code, label) VALUES
    (7, 'api_keys.manage', 'Create and revoke API keys'),
    (8, 'webhooks.manage', 'Manage webhook endpoints; see deliveries');

-- Owners and admins get both.
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM roles AS r
 CROSS JOIN permissions AS p
 WHERE r."key" IN ('owner', 'admin')
   AND p.code IN ('api_keys.manage', 'webhooks.manage');
