CREATE VIEW reporting.monthly_revenue AS
SELECT date_trunc('month', i.paid_at) AS month,
       i.currency,
       count(*)                       AS invoices_paid,
       sum(i.subtotal_cents)          AS subtotal_cents,
       sum(i.tax_cents)               AS tax_cents,
       sum(i.total_cents)             AS revenue_cents
FROM public.invoices i
WHERE i.status = 'paid'
GROUP BY 1, 2;
