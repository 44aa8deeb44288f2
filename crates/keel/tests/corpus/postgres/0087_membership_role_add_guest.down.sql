-- Guests can't exist before this migration: demote guest members to plain
-- members and drop guest invitations, then rebuild the type without 'guest'.
UPDATE memberships SET role = 'member' WHERE role = 'guest';
DELETE FROM organisation_invitations WHERE role = 'guest';

-- Defaults and the CHECK mention the old type and would block the type change.
ALTER TABLE memberships ALTER COLUMN role DROP DEFAULT;
ALTER TABLE organisation_invitations ALTER COLUMN role DROP DEFAULT;
ALTER TABLE organisation_invitations DROP CONSTRAINT organisation_invitations_role_not_owner;

ALTER TYPE membership_role RENAME TO membership_role_old;
CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member');

ALTER TABLE memberships
    ALTER COLUMN role TYPE membership_role USING role::text::membership_role;
ALTER TABLE organisation_invitations
    ALTER COLUMN role TYPE membership_role USING role::text::membership_role;

ALTER TABLE memberships ALTER COLUMN role SET DEFAULT 'member';
ALTER TABLE organisation_invitations ALTER COLUMN role SET DEFAULT 'member';
ALTER TABLE organisation_invitations
    ADD CONSTRAINT organisation_invitations_role_not_owner CHECK (role <> 'owner');

DROP TYPE membership_role_old;
