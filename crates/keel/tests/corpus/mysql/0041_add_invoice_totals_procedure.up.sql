DELIMITER $$

CREATE PROCEDURE recalc_invoice_totals(IN p_invoice_id BIGINT UNSIGNED)
  MODIFIES SQL DATA
  COMMENT 'Recompute subtotal_cents of a draft invoice from its lines'
BEGIN
  UPDATE invoices i
     SET i.subtotal_cents = (SELECT IFNULL(SUM(l.quantity * l.unit_amount_cents), 0)
                               FROM invoice_lines l
                              WHERE l.invoice_id = i.id)
   WHERE i.id = p_invoice_id
     AND i.status = 'draft';
END$$

CREATE TRIGGER invoice_lines_ai_totals AFTER INSERT ON invoice_lines
FOR EACH ROW
BEGIN
  CALL recalc_invoice_totals(NEW.invoice_id);
END$$

CREATE TRIGGER invoice_lines_au_totals AFTER UPDATE ON invoice_lines
FOR EACH ROW
BEGIN
  CALL recalc_invoice_totals(NEW.invoice_id);
  IF OLD.invoice_id <> NEW.invoice_id THEN
    CALL recalc_invoice_totals(OLD.invoice_id);
  END IF;
END$$

CREATE TRIGGER invoice_lines_ad_totals AFTER DELETE ON invoice_lines
FOR EACH ROW
BEGIN
  CALL recalc_invoice_totals(OLD.invoice_id);
END$$

DELIMITER ;
