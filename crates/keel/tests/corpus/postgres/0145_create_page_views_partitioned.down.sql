-- Dropping the parent drops every partition.
DROP TABLE page_views;
