DROP TABLE album_photos;
DROP TABLE albums;
