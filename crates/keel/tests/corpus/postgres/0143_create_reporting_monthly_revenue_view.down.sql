DROP VIEW reporting.monthly_revenue;
