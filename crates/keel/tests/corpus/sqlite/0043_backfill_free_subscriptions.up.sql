-- Accounts that predate billing get the free plan.
-- provider_ref 'legacy-free:<id>' marks these rows; the down removes exactly them.
INSERT INTO subscriptions (account_id, plan_id, status, provider_ref, started_at)
SELECT a.id,
       (SELECT id FROM plans WHERE code = 'free'),
       'active',
       'legacy-free:' || a.id,
       a.created_at
  FROM accounts AS a
 WHERE NOT EXISTS (SELECT 1
                     FROM subscriptions AS s
                    WHERE s.account_id = a.id
                      AND s.status IN ('trialing', 'active', 'past_due'))
 ORDER BY a.id;
