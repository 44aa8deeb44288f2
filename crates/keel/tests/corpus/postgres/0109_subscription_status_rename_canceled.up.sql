-- House style is British English ("organisation"); renaming a label is
-- transactional and rewrites nothing.
ALTER TYPE subscription_status RENAME VALUE 'canceled' TO 'cancelled';
