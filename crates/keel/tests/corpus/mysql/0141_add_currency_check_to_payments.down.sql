ALTER TABLE payments DROP CONSTRAINT chk_payments_currency;
