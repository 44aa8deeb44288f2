DELETE FROM post_photos
 WHERE post_id IN (SELECT id FROM posts WHERE migrated_from_photo_id IS NOT NULL);

DELETE FROM posts WHERE migrated_from_photo_id IS NOT NULL;
