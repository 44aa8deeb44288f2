-- Billing starts here.  Prices are integer cents; STRICT keeps them integers.
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    currency     TEXT    NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3 AND currency = upper(currency)),
    "interval"   TEXT    NOT NULL CHECK ("interval" IN ('month', 'year')),
    max_members  INTEGER,
    storage_gb   INTEGER NOT NULL,
    is_public    INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
    created_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
) STRICT;

-- max_members NULL = unlimited.
INSERT INTO plans (id, code, name, price_cents, "interval", max_members, storage_gb, is_public) VALUES
    (1, 'free',         'Free',                      0,    'month', 3,    5,     1),
    (2, 'pro-monthly',  'Pro',                       900,  'month', 10,   200,   1),
    (3, 'pro-yearly',   'Pro (yearly)',              9000, 'year',  10,   200,   1),
    (4, 'team-monthly', 'Team',                      2900, 'month', 50,   2000,  1),
    (5, 'enterprise',   'Enterprise; custom terms',  0,    'year',  NULL, 20000, 0);
