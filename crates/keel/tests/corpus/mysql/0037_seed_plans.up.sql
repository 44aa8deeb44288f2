INSERT INTO plans (id, code, name, price_cents, currency, billing_interval, features, max_members, is_public) VALUES
  (1, 'free', 'Free', 0, 'EUR', 'month', '', 3, TRUE),
  (2, 'pro_monthly', 'Pro', 1200, 'EUR', 'month', 'api', 10, TRUE),
  (3, 'team_monthly', 'Team', 4900, 'EUR', 'month', 'api,webhooks,audit_log', 50, TRUE),
  (4, 'team_yearly', 'Team (yearly)', 49000, 'EUR', 'year', 'api,webhooks,audit_log', 50, TRUE),
  (5, 'enterprise', 'Enterprise; custom contract', 0, 'EUR', 'year', 'sso,audit_log,api,webhooks,custom_domain,priority_support', NULL, FALSE);
