-- Reference rows. Ids are fixed so later migrations (and their downs) can restore rows exactly.
INSERT INTO roles (id, name, description, is_system) VALUES
  (1, 'owner', 'Full control; can delete the organisation', TRUE),
  (2, 'admin', 'Manages members, billing and settings', TRUE),
  (3, 'member', 'Can post, comment and like', TRUE),
  (4, 'viewer', 'Read-only access; can''t post', TRUE);

INSERT INTO permissions (id, code, description) VALUES
  (1, 'org.manage', 'Edit organisation settings; rename; delete'),
  (2, 'members.invite', 'Invite members by e-mail'),
  (3, 'members.remove', 'Remove members (not the owner)'),
  (4, 'billing.manage', 'Change plan; update payment method'),
  (5, 'photos.upload', 'Upload photos'),
  (6, 'photos.delete_any', 'Delete anyone''s photos'),
  (7, 'photos.legacy_export', 'Export photos as a ZIP (old exporter)'),
  (8, 'content.read', 'See organisation content');

/* owner: everything; admin: everything except org.manage;
   member: upload + read; viewer: read only. */
INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM roles r
CROSS JOIN permissions p
WHERE r.name = 'owner'
   OR (r.name = 'admin' AND p.code <> 'org.manage')
   OR (r.name = 'member' AND p.code IN ('photos.upload', 'content.read'))
   OR (r.name = 'viewer' AND p.code = 'content.read');
