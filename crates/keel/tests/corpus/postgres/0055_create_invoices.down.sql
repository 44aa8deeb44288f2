DROP TABLE invoices;
DROP SEQUENCE invoice_number_seq;
