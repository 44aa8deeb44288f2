-- Invoice numbers are global, human-facing and independent of the surrogate
-- key, so they come from a standalone sequence.
CREATE SEQUENCE invoice_number_seq AS bigint START WITH 1000 INCREMENT BY 1 NO CYCLE;

CREATE TABLE invoices (
    id               bigserial    PRIMARY KEY,
    -- RESTRICT: invoices must be kept for accounting even if the account goes
    account_id       bigint       NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,
    subscription_id  uuid         REFERENCES subscriptions (id) ON DELETE SET NULL,
    number           text         NOT NULL UNIQUE
                                  DEFAULT 'INV-' || lpad(nextval('invoice_number_seq')::text, 7, '0'),
    status           text         NOT NULL DEFAULT 'draft'
                                  CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency         char(3)      NOT NULL DEFAULT 'USD',
    total_cents      bigint       NOT NULL DEFAULT 0,
    issued_at        timestamptz,
    due_at           timestamptz,
    paid_at          timestamptz,
    created_at       timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT invoices_paid_has_timestamp CHECK (status <> 'paid' OR paid_at IS NOT NULL)
);
