ALTER TABLE memberships
  ADD COLUMN role ENUM('owner', 'admin', 'member') NOT NULL DEFAULT 'member' AFTER user_id;

-- 'viewer' did not exist as an ENUM value; those rows keep the default.
UPDATE memberships m
JOIN roles r ON r.id = m.role_id
SET m.role = r.name
WHERE r.name IN ('owner', 'admin', 'member');
