DROP TABLE organisation_domains;
