CREATE VIEW account_billing_summary AS
SELECT i.account_id,
       i.currency,
       COUNT(*) AS invoice_count,
       SUM(i.status = 'open') AS open_invoice_count,
       cents_to_amount(SUM(CASE WHEN i.status = 'open' THEN i.total_cents ELSE 0 END)) AS open_amount,
       cents_to_amount(SUM(CASE WHEN i.status = 'paid' THEN i.total_cents ELSE 0 END)) AS paid_amount,
       MAX(i.issued_at) AS last_issued_at
FROM invoices i
WHERE i.status <> 'draft'
GROUP BY i.account_id, i.currency;
