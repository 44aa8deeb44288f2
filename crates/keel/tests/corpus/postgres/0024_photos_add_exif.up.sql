ALTER TABLE photos ADD COLUMN exif jsonb NOT NULL DEFAULT '{}'::jsonb;

-- jsonb_path_ops: smaller and faster for @> containment, which is all we use.
CREATE INDEX photos_exif_gin_idx ON photos USING gin (exif jsonb_path_ops);
