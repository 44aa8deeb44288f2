DROP TABLE photo_places;
DROP TABLE places;
