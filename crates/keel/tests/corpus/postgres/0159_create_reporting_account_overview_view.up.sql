-- View over a view, inside the reporting schema.
CREATE VIEW reporting.account_overview AS
SELECT au.account_id,
       au.account_name,
       au.user_count,
       au.photo_count,
       au.storage_bytes,
       s.plan_code,
       s.status AS subscription_status,
       s.current_period_end
FROM reporting.account_usage au
LEFT JOIN public.subscriptions s
       ON s.account_id = au.account_id
      AND s.status IN ('trialing', 'active', 'past_due', 'paused');

COMMENT ON VIEW reporting.account_overview IS 'One row per account: usage plus the live subscription, if any.';
