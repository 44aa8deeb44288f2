DROP TRIGGER invoice_lines_ad_totals;
DROP TRIGGER invoice_lines_au_totals;
DROP TRIGGER invoice_lines_ai_totals;
DROP PROCEDURE recalc_invoice_totals;
