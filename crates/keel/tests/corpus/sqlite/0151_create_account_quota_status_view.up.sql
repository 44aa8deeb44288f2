-- Third level of views: account_quota_status -> account_storage -> account_billing_summary.
CREATE VIEW account_quota_status AS
SELECT s.account_id,
       s.bytes_used,
       s.bytes_allowed,
       CASE
           WHEN s.bytes_allowed IS NULL              THEN 'unknown'
           WHEN s.bytes_used >= s.bytes_allowed       THEN 'over'
           WHEN s.bytes_used >= 0.9 * s.bytes_allowed THEN 'warning'
           ELSE 'ok'
       END                                                          AS storage_state,
       round(100.0 * s.bytes_used / nullif(s.bytes_allowed, 0), 1) AS percent_used
  FROM account_storage AS s;
