DELETE FROM subscriptions WHERE provider_ref LIKE 'legacy-free:%';
