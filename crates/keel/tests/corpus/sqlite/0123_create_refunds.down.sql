DROP TRIGGER refunds_guard_amount;
DROP TABLE refunds;
