DROP VIEW reporting.account_overview;
