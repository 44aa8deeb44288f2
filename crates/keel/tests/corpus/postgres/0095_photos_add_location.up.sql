ALTER TABLE photos
    ADD COLUMN latitude   numeric(9,6),
    ADD COLUMN longitude  numeric(9,6),
    ADD CONSTRAINT photos_latitude_range   CHECK (latitude BETWEEN -90 AND 90),
    ADD CONSTRAINT photos_longitude_range  CHECK (longitude BETWEEN -180 AND 180),
    ADD CONSTRAINT photos_coordinates_paired CHECK ((latitude IS NULL) = (longitude IS NULL));

-- Backfill from EXIF where the GPS tags are plain JSON numbers.
UPDATE photos
SET latitude = g.lat,
    longitude = g.lng
FROM (
    SELECT id,
           round((exif ->> 'GPSLatitude')::numeric, 6)  AS lat,
           round((exif ->> 'GPSLongitude')::numeric, 6) AS lng
    FROM photos
    WHERE jsonb_typeof(exif -> 'GPSLatitude') = 'number'
      AND jsonb_typeof(exif -> 'GPSLongitude') = 'number'
    OFFSET 0  -- optimisation fence: cast only rows that passed the type checks
) g
WHERE g.id = photos.id
  AND g.lat BETWEEN -90 AND 90
  AND g.lng BETWEEN -180 AND 180;

CREATE INDEX photos_location_idx ON photos (latitude, longitude) WHERE latitude IS NOT NULL;
