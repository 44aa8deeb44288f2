ALTER TABLE payments ADD CONSTRAINT chk_payments_currency CHECK (CHAR_LENGTH(currency) = 3);
