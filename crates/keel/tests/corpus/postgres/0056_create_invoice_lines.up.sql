CREATE TABLE invoice_lines (
    invoice_id        bigint         NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_no           smallint       NOT NULL CHECK (line_no > 0),
    description       text           NOT NULL,
    quantity          numeric(12,3)  NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_price_cents  bigint         NOT NULL,
    amount_cents      bigint         GENERATED ALWAYS AS (round(quantity * unit_price_cents)::bigint) STORED,
    PRIMARY KEY (invoice_id, line_no)
);
