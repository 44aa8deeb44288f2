-- How did someone join?  ADD COLUMN works on WITHOUT ROWID tables too.
ALTER TABLE memberships ADD COLUMN source TEXT NOT NULL DEFAULT 'manual'
    CHECK (source IN ('manual', 'invitation', 'domain', 'sso', 'scim'));

UPDATE memberships
   SET source = 'invitation'
 WHERE EXISTS (SELECT 1
                 FROM invitations AS i
                WHERE i.organisation_id = memberships.organisation_id
                  AND i.accepted_by = memberships.user_id);

-- Accepted invitations now record their source.
DROP TRIGGER invitations_accept;

CREATE TRIGGER invitations_accept
AFTER UPDATE OF accepted_at ON invitations
FOR EACH ROW
WHEN OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'invitation has expired; ask for a new one')
     WHERE NEW.accepted_at > NEW.expires_at;

    -- Accepting never demotes: keep the stronger of the two roles (lower id = more rights).
    INSERT INTO memberships (organisation_id, user_id, role_id, joined_at, source)
    VALUES (NEW.organisation_id, NEW.accepted_by, NEW.role_id, NEW.accepted_at, 'invitation')
    ON CONFLICT (organisation_id, user_id) DO UPDATE
       SET role_id = CASE
                         WHEN excluded.role_id < memberships.role_id THEN excluded.role_id
                         ELSE memberships.role_id
                     END;
END;
