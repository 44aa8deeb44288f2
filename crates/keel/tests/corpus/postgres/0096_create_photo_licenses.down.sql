DROP TABLE photo_licenses;
