DELIMITER $$

CREATE TRIGGER payments_au_invoice_status AFTER UPDATE ON payments
FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status) THEN
    CASE NEW.status
      WHEN 'succeeded' THEN
        UPDATE invoices SET status = 'paid', paid_at = CURRENT_TIMESTAMP
         WHERE id = NEW.invoice_id AND status = 'open';
      WHEN 'refunded' THEN
        UPDATE invoices SET status = 'void'
         WHERE id = NEW.invoice_id AND status = 'paid';
      ELSE
        BEGIN
          -- pending / failed: nothing to do; the dunning job handles failures
        END;
    END CASE;
  END IF;
END$$

DELIMITER ;
