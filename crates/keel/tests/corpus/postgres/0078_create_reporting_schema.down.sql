DROP VIEW reporting.account_usage;
DROP SCHEMA reporting;
