CREATE TABLE plans (
    code              text         PRIMARY KEY,
    name              text         NOT NULL,
    price_cents       integer      NOT NULL CHECK (price_cents >= 0),
    currency          char(3)      NOT NULL DEFAULT 'USD',
    billing_interval  text         NOT NULL CHECK (billing_interval IN ('month', 'year')),
    max_members       integer,     -- NULL = unlimited
    features          text[]       NOT NULL DEFAULT '{}',
    is_public         boolean      NOT NULL DEFAULT true,
    created_at        timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO plans (code, name, price_cents, billing_interval, max_members, features) VALUES
    ('free',        'Free',            0, 'month', 3,    ARRAY['albums']),
    ('pro_monthly', 'Pro',           900, 'month', 10,   ARRAY['albums', 'custom_domains', 'raw_uploads']),
    ('pro_yearly',  'Pro (yearly)', 9000, 'year',  10,   ARRAY['albums', 'custom_domains', 'raw_uploads']),
    ('team',        'Team',         2900, 'month', NULL, '{albums,custom_domains,raw_uploads,sso,audit_log}');
