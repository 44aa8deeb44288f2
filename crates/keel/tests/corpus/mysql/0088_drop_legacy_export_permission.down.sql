-- Restore the seeded row (same id) and the grants it had when it was seeded.
INSERT INTO permissions (id, code, description)
VALUES (7, 'photos.legacy_export', 'Export photos as a ZIP (old exporter)');

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, 7 FROM roles r WHERE r.name IN ('owner', 'admin');
