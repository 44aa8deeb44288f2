DROP INDEX photos_org_visibility_idx;

CREATE INDEX photos_organisation_id_idx ON photos (organisation_id) WHERE organisation_id IS NOT NULL;
