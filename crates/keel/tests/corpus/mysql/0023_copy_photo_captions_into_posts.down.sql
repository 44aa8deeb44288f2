-- post_photos rows go with their posts (ON DELETE CASCADE).
DELETE FROM posts WHERE legacy_photo_id IS NOT NULL;
