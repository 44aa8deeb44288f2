DROP TABLE content_reports;
