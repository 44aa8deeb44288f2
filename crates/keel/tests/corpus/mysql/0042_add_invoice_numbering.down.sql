DROP TRIGGER invoices_bu_finalise;
DROP FUNCTION next_invoice_number;
