DROP TABLE organisation_ip_allowlist;
