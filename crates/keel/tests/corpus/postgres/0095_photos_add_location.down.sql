DROP INDEX photos_location_idx;
ALTER TABLE photos
    DROP CONSTRAINT photos_coordinates_paired,
    DROP CONSTRAINT photos_longitude_range,
    DROP CONSTRAINT photos_latitude_range,
    DROP COLUMN longitude,
    DROP COLUMN latitude;
