ALTER TABLE post_photos
    DROP CONSTRAINT post_photos_photo_id_fkey,
    ADD CONSTRAINT post_photos_photo_id_fkey
        FOREIGN KEY (photo_id) REFERENCES photos (id) ON DELETE RESTRICT;
