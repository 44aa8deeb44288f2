CREATE TRIGGER payments_settle_invoice
AFTER UPDATE OF status ON payments
FOR EACH ROW
WHEN NEW.status = 'succeeded' AND OLD.status IS NOT 'succeeded'
BEGIN
    /* Mark the invoice paid once succeeded payments cover the total;
       partial payments leave it open. */
    UPDATE invoices
       SET status  = 'paid',
           paid_at = coalesce(paid_at, CURRENT_TIMESTAMP)
     WHERE id = NEW.invoice_id
       AND status = 'open'
       AND (SELECT coalesce(sum(amount_cents), 0)
              FROM payments
             WHERE invoice_id = NEW.invoice_id AND status = 'succeeded') >= total_cents;
END;
