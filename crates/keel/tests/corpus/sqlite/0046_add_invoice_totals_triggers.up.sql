-- Invoice totals are derived from the lines; paid or void invoices are frozen.

CREATE TRIGGER invoice_lines_guard_insert
BEFORE INSERT ON invoice_lines
FOR EACH ROW
BEGIN
    SELECT CASE
               WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) IN ('paid', 'void')
               THEN RAISE(ABORT, 'invoice is finalised; its lines are read-only')
           END;
END;

CREATE TRIGGER invoice_lines_after_insert
AFTER INSERT ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = NEW.invoice_id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = NEW.invoice_id) + tax_cents
     WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_update
AFTER UPDATE ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = invoices.id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = invoices.id) + tax_cents
     WHERE id IN (OLD.invoice_id, NEW.invoice_id);
END;

CREATE TRIGGER invoice_lines_after_delete
AFTER DELETE ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = OLD.invoice_id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = OLD.invoice_id) + tax_cents
     WHERE id = OLD.invoice_id;
END;
