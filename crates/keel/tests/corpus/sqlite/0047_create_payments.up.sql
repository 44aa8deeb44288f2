CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    invoice_id      INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    currency        TEXT    NOT NULL,
    method          TEXT    NOT NULL CHECK (method IN ('card', 'sepa_debit', 'bank_transfer')),
    provider_ref    TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    failure_reason  TEXT,
    created_at      TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (method, provider_ref)
);

CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);
