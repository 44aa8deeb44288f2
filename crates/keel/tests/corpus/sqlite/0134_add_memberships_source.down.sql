DROP TRIGGER invitations_accept;

CREATE TRIGGER invitations_accept
AFTER UPDATE OF accepted_at ON invitations
FOR EACH ROW
WHEN OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'invitation has expired; ask for a new one')
     WHERE NEW.accepted_at > NEW.expires_at;

    -- Accepting never demotes: keep the stronger of the two roles (lower id = more rights).
    INSERT INTO memberships (organisation_id, user_id, role_id, joined_at)
    VALUES (NEW.organisation_id, NEW.accepted_by, NEW.role_id, NEW.accepted_at)
    ON CONFLICT (organisation_id, user_id) DO UPDATE
       SET role_id = CASE
                         WHEN excluded.role_id < memberships.role_id THEN excluded.role_id
                         ELSE memberships.role_id
                     END;
END;

ALTER TABLE memberships DROP COLUMN source;
