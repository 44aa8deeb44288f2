ALTER TABLE memberships DROP FOREIGN KEY fk_memberships_role;
ALTER TABLE memberships DROP KEY idx_memberships_role, DROP COLUMN role_id;
