DELIMITER $$

CREATE FUNCTION next_invoice_number(p_account_id BIGINT UNSIGNED, p_issued DATE)
  RETURNS VARCHAR(32) CHARSET utf8mb4
  READS SQL DATA
BEGIN
  DECLARE v_seq INT UNSIGNED;
  SELECT COUNT(*) + 1 INTO v_seq
    FROM invoices
   WHERE account_id = p_account_id
     AND number IS NOT NULL
     AND YEAR(issued_at) = YEAR(p_issued);
  -- e.g. INV-2024-000042-00007
  RETURN CONCAT('INV-', YEAR(p_issued), '-', LPAD(p_account_id, 6, '0'), '-', LPAD(v_seq, 5, '0'));
END$$

CREATE TRIGGER invoices_bu_finalise BEFORE UPDATE ON invoices
FOR EACH ROW
BEGIN
  IF OLD.status = 'draft' AND NEW.status = 'open' THEN
    IF NEW.issued_at IS NULL THEN
      SET NEW.issued_at = CURRENT_TIMESTAMP;
    END IF;
    IF NEW.number IS NULL THEN
      SET NEW.number = next_invoice_number(NEW.account_id, DATE(NEW.issued_at));
    END IF;
    IF NEW.due_at IS NULL THEN
      SET NEW.due_at = NEW.issued_at + INTERVAL 30 DAY;
    END IF;
  END IF;
END$$

DELIMITER ;
