CREATE TABLE invoices (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,
    subscription_id  INTEGER REFERENCES subscriptions (id) ON DELETE SET NULL,
    number           TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void')),
    currency         TEXT    NOT NULL DEFAULT 'EUR',
    subtotal_cents   INTEGER NOT NULL DEFAULT 0,
    tax_cents        INTEGER NOT NULL DEFAULT 0,
    total_cents      INTEGER NOT NULL DEFAULT 0,
    issued_at        TEXT,
    due_at           TEXT,
    paid_at          TEXT,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (total_cents = subtotal_cents + tax_cents),
    CHECK (status <> 'paid' OR paid_at IS NOT NULL)
);

CREATE INDEX invoices_account_issued_idx ON invoices (account_id, issued_at DESC);

CREATE INDEX invoices_open_due_idx ON invoices (due_at) WHERE status = 'open';
