DROP TABLE sso_connections;
