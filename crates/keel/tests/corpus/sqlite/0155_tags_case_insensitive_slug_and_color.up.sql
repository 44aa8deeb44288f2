/* Slugs compare case-insensitively, names are length-limited and tags get a colour.
   Changing a column's collation and constraints is a rebuild; the taggings counter
   triggers and the popular_tags view mention tags and are dropped and re-created. */

DROP VIEW popular_tags;
DROP TRIGGER taggings_count_delete;
DROP TRIGGER taggings_count_insert;

CREATE TABLE tags_new (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
    slug             TEXT    NOT NULL COLLATE NOCASE CHECK (slug NOT GLOB '*[^a-z0-9-]*'),
    color            TEXT    NOT NULL DEFAULT '#6b7280' CHECK (color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    usage_count      INTEGER NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (organisation_id, slug)
);

INSERT INTO tags_new (id, organisation_id, name, slug, usage_count, created_at)
SELECT id, organisation_id, name, slug, usage_count, created_at
  FROM tags;

DROP TABLE tags;

ALTER TABLE tags_new RENAME TO tags;

CREATE UNIQUE INDEX tags_org_name_key ON tags (organisation_id, name);

CREATE TRIGGER taggings_count_insert
AFTER INSERT ON taggings
FOR EACH ROW
BEGIN
    UPDATE tags SET usage_count = usage_count + 1 WHERE id = NEW.tag_id;
END;

CREATE TRIGGER taggings_count_delete
AFTER DELETE ON taggings
FOR EACH ROW
BEGIN
    UPDATE tags SET usage_count = max(usage_count - 1, 0) WHERE id = OLD.tag_id;
END;

CREATE VIEW popular_tags AS
SELECT t.organisation_id,
       t.id          AS tag_id,
       t.name,
       t.slug,
       t.usage_count,
       rank() OVER (PARTITION BY t.organisation_id ORDER BY t.usage_count DESC, t.name) AS org_rank
  FROM tags AS t
 WHERE t.usage_count > 0;
