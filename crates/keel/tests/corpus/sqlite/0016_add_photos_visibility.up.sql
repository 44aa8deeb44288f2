ALTER TABLE photos ADD COLUMN visibility TEXT NOT NULL DEFAULT 'private'
    CHECK (visibility IN ('private', 'organisation', 'public'));

-- Photos already attached to an organisation were visible to its members.
UPDATE photos SET visibility = 'organisation' WHERE organisation_id IS NOT NULL;
