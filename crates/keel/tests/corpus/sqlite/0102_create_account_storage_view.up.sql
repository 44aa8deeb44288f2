-- Joins the billing summary view (0050) to find each account's plan allowance.
CREATE VIEW account_storage AS
SELECT a.id                                              AS account_id,
       coalesce(sum(s.bytes_added - s.bytes_removed), 0) AS bytes_used,
       coalesce(sum(s.photo_count_delta), 0)             AS photo_count,
       pl.storage_gb * 1073741824                        AS bytes_allowed
  FROM accounts AS a
  LEFT JOIN storage_usage_daily AS s ON s.account_id = a.id
  LEFT JOIN account_billing_summary AS b ON b.account_id = a.id
  LEFT JOIN plans AS pl ON pl.code = b.plan_code
 GROUP BY a.id, pl.storage_gb;
