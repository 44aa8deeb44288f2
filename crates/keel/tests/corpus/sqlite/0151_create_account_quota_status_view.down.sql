DROP VIEW account_quota_status;
