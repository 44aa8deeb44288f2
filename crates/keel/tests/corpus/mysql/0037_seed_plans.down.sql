DELETE FROM plans WHERE code IN ('free', 'pro_monthly', 'team_monthly', 'team_yearly', 'enterprise');
