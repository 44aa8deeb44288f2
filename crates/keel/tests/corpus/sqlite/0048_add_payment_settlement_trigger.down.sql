DROP TRIGGER payments_settle_invoice;
