DROP VIEW plan_catalog;
