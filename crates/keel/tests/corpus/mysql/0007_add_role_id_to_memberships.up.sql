-- Step 1 of 2: memberships.role (ENUM) becomes a reference to roles.
ALTER TABLE memberships
  ADD COLUMN role_id SMALLINT UNSIGNED NULL AFTER role,
  ADD KEY idx_memberships_role (role_id),
  ADD CONSTRAINT fk_memberships_role FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE SET NULL;

UPDATE memberships m
JOIN roles r ON r.name = m.role
SET m.role_id = r.id;
