CREATE TABLE refunds (
    id            INTEGER PRIMARY KEY,
    payment_id    INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    reason        TEXT,
    provider_ref  TEXT    UNIQUE,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX refunds_payment_id_idx ON refunds (payment_id);

CREATE TRIGGER refunds_guard_amount
BEFORE INSERT ON refunds
FOR EACH ROW
BEGIN
    SELECT CASE
               WHEN (SELECT status FROM payments WHERE id = NEW.payment_id) IS NOT 'succeeded'
               THEN RAISE(ABORT, 'only succeeded payments can be refunded')
               WHEN NEW.amount_cents
                    + (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE payment_id = NEW.payment_id)
                    > (SELECT amount_cents FROM payments WHERE id = NEW.payment_id)
               THEN RAISE(ABORT, 'refund exceeds payment; check earlier partial refunds')
           END;
END;
