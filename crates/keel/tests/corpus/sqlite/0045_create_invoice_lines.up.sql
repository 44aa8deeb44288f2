CREATE TABLE invoice_lines (
    invoice_id         INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_no            INTEGER NOT NULL CHECK (line_no > 0),
    description        TEXT    NOT NULL,
    quantity           INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_amount_cents  INTEGER NOT NULL,
    amount_cents       INTEGER GENERATED ALWAYS AS (quantity * unit_amount_cents) STORED,
    PRIMARY KEY (invoice_id, line_no)
);
