DROP TABLE album_photos;
