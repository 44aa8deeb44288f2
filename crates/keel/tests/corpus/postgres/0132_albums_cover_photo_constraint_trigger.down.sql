DROP TRIGGER albums_cover_photo_in_album ON albums;
DROP FUNCTION albums_check_cover_photo();
