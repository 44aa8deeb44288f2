DROP VIEW account_billing_summary;
DROP TRIGGER payments_settle_invoice;
DROP TRIGGER invoice_lines_after_delete;
DROP TRIGGER invoice_lines_after_update;
DROP TRIGGER invoice_lines_after_insert;
DROP TRIGGER invoice_lines_guard_insert;

CREATE TABLE invoices_old (
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

-- The old schema has no 'uncollectible'; such invoices were voided by hand back then.
INSERT INTO invoices_old (id, account_id, subscription_id, number, status, currency, subtotal_cents, tax_cents, total_cents, issued_at, due_at, paid_at, created_at)
SELECT id, account_id, subscription_id, number,
       CASE status WHEN 'uncollectible' THEN 'void' ELSE status END,
       currency, subtotal_cents, tax_cents, total_cents, issued_at, due_at, paid_at, created_at
  FROM invoices;

DROP TABLE invoices;

ALTER TABLE invoices_old RENAME TO invoices;

CREATE INDEX invoices_account_issued_idx ON invoices (account_id, issued_at DESC);

CREATE INDEX invoices_open_due_idx ON invoices (due_at) WHERE status = 'open';

CREATE TRIGGER invoice_lines_guard_insert
BEFORE INSERT ON invoice_lines
FOR EACH ROW
BEGIN
    SELECT CASE
               WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) IN ('paid', 'void')
               THEN RAISE(ABORT, 'invoice is finalised; its lines are read-only')
           END;
END;

CREATE TRIGGER invoice_lines_after_insert
AFTER INSERT ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = NEW.invoice_id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = NEW.invoice_id) + tax_cents
     WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_update
AFTER UPDATE ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = invoices.id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = invoices.id) + tax_cents
     WHERE id IN (OLD.invoice_id, NEW.invoice_id);
END;

CREATE TRIGGER invoice_lines_after_delete
AFTER DELETE ON invoice_lines
FOR EACH ROW
BEGIN
    UPDATE invoices
       SET subtotal_cents = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = OLD.invoice_id),
           total_cents    = (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = OLD.invoice_id) + tax_cents
     WHERE id = OLD.invoice_id;
END;

CREATE TRIGGER payments_settle_invoice
AFTER UPDATE OF status ON payments
FOR EACH ROW
WHEN NEW.status = 'succeeded' AND OLD.status IS NOT 'succeeded'
BEGIN
    /* Mark the invoice paid once succeeded payments cover the total;
       partial payments leave it open. */
    UPDATE invoices
       SET status  = 'paid',
           paid_at = coalesce(paid_at, CURRENT_TIMESTAMP)
     WHERE id = NEW.invoice_id
       AND status = 'open'
       AND (SELECT coalesce(sum(amount_cents), 0)
              FROM payments
             WHERE invoice_id = NEW.invoice_id AND status = 'succeeded') >= total_cents;
END;

CREATE VIEW account_billing_summary AS
SELECT a.id                                                  AS account_id,
       a.name                                                AS account_name,
       pl.code                                               AS plan_code,
       s.status                                              AS subscription_status,
       s.current_period_end,
       (SELECT count(*)
          FROM invoices AS i
         WHERE i.account_id = a.id AND i.status = 'open')   AS open_invoices,
       (SELECT coalesce(sum(i.total_cents), 0)
          FROM invoices AS i
         WHERE i.account_id = a.id AND i.status = 'open')   AS amount_due_cents,
       (SELECT max(i.paid_at)
          FROM invoices AS i
         WHERE i.account_id = a.id)                         AS last_paid_at
  FROM accounts AS a
  LEFT JOIN subscriptions AS s
         ON s.account_id = a.id AND s.status IN ('trialing', 'active', 'past_due')
  LEFT JOIN plans AS pl
         ON pl.id = s.plan_id;
