DROP TABLE photo_exif;
