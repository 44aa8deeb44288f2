-- The organisation gallery filters by visibility and hides deleted photos; index exactly that.
DROP INDEX photos_organisation_id_idx;

CREATE INDEX photos_org_visibility_idx
    ON photos (organisation_id, visibility, created_at DESC)
    WHERE organisation_id IS NOT NULL AND deleted_at IS NULL;
