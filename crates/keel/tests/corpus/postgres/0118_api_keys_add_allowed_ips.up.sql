ALTER TABLE api_keys ADD COLUMN allowed_ips cidr[] NOT NULL DEFAULT '{}';

COMMENT ON COLUMN api_keys.allowed_ips IS 'Empty array = any address; otherwise e.g. {10.0.0.0/8,2001:db8::/32}';
