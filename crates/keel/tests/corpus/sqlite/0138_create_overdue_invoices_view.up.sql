CREATE VIEW overdue_invoices AS
SELECT i.id           AS invoice_id,
       i.account_id,
       i.number,
       i.total_cents,
       i.currency,
       i.due_at,
       CAST(julianday('now') - julianday(i.due_at) AS INTEGER) AS days_overdue,
       CASE
           WHEN julianday('now') - julianday(i.due_at) > 30 THEN 'suspend'
           WHEN julianday('now') - julianday(i.due_at) > 14 THEN 'final_notice'
           ELSE 'reminder'
       END            AS dunning_stage
  FROM invoices AS i
 WHERE i.status = 'open'
   AND i.due_at < CURRENT_TIMESTAMP;
