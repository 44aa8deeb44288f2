DROP INDEX payments_invoice_id_idx;
DROP TABLE payments;
