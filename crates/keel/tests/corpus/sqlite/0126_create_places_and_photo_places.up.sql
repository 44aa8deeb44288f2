CREATE TABLE places (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    country_code  TEXT,
    latitude      REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    UNIQUE (name, country_code)
);

-- One place per photo; a separate table so photos needs no new FK column.
CREATE TABLE photo_places (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
    place_id  INTEGER NOT NULL REFERENCES places (id) ON DELETE RESTRICT,
    source    TEXT    NOT NULL DEFAULT 'exif' CHECK (source IN ('exif', 'manual'))
);

CREATE INDEX photo_places_place_id_idx ON photo_places (place_id);
