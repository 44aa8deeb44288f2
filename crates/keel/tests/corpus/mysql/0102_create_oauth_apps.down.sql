DROP TABLE oauth_apps;
