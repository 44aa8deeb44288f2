DROP TRIGGER albums_taggings_cleanup;
DROP TRIGGER posts_taggings_cleanup;
DROP TRIGGER photos_taggings_cleanup;
