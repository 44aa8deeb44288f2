DROP TABLE audit_log_archive;
