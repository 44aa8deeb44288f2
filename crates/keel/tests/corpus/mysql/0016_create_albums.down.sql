DROP TABLE albums;
