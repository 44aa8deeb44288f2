DROP TABLE app_releases;
