CREATE VIEW plan_catalog AS
SELECT code,
       name,
       price_cents,
       currency,
       billing_interval,
       CASE billing_interval
           WHEN 'year' THEN CAST(round(price_cents / 12.0) AS INTEGER)
           ELSE price_cents
       END                      AS monthly_equivalent_cents,
       coalesce(max_members, -1) AS max_members,
       storage_gb,
       trial_days
  FROM plans
 WHERE is_public = 1
 ORDER BY sort_order, price_cents;
