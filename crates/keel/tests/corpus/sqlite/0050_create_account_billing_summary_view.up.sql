CREATE VIEW account_billing_summary AS
SELECT a.id                                                  AS account_id,
       a.name                                                AS account_name,
       pl.code                                               AS plan_code,
       s.status                                              AS subscription_status,
       s.current_period_end,
       (SELECT count(*)
          FROM invoices AS i
         WHERE i.account_id = a.id AND i.status = 'open')   AS open_invoices,
       (SELECT coalesce(sum(i.total_cents), 0)
          FROM invoices AS i
         WHERE i.account_id = a.id AND i.status = 'open')   AS amount_due_cents,
       (SELECT max(i.paid_at)
          FROM invoices AS i
         WHERE i.account_id = a.id)                         AS last_paid_at
  FROM accounts AS a
  LEFT JOIN subscriptions AS s
         ON s.account_id = a.id AND s.status IN ('trialing', 'active', 'past_due')
  LEFT JOIN plans AS pl
         ON pl.id = s.plan_id;
