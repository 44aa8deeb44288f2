CREATE TABLE tags (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL COLLATE NOCASE,
    slug             TEXT    NOT NULL CHECK (slug NOT GLOB '*[^a-z0-9-]*'),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (organisation_id, slug)
);

CREATE UNIQUE INDEX tags_org_name_key ON tags (organisation_id, name);
