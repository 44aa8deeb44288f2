DROP TRIGGER invoice_lines_total ON invoice_lines;
DROP FUNCTION invoice_lines_refresh_total();
