DROP INDEX login_attempts_failed_ip_idx;
DROP INDEX login_attempts_email_recent_idx;
DROP TABLE login_attempts;
