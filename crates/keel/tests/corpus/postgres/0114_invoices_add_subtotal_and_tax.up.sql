ALTER TABLE invoices
    ADD COLUMN subtotal_cents  bigint  NOT NULL DEFAULT 0,
    ADD COLUMN tax_cents       bigint  NOT NULL DEFAULT 0 CHECK (tax_cents >= 0),
    ALTER COLUMN due_at SET DEFAULT CURRENT_TIMESTAMP + interval '30 days';

-- Until now the total was the sum of the lines, i.e. the subtotal.
UPDATE invoices SET subtotal_cents = total_cents;

-- Totals are now subtotal + tax.
CREATE OR REPLACE FUNCTION invoice_lines_refresh_total() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_invoice_id  bigint;
    v_subtotal    bigint;
BEGIN
    -- On UPDATE a line may have moved between invoices: refresh both.
    FOR v_invoice_id IN
        SELECT DISTINCT x
        FROM unnest(ARRAY[
                 CASE WHEN TG_OP <> 'DELETE' THEN NEW.invoice_id END,
                 CASE WHEN TG_OP <> 'INSERT' THEN OLD.invoice_id END]) AS t(x)
        WHERE x IS NOT NULL
    LOOP
        SELECT coalesce(sum(l.amount_cents), 0) INTO v_subtotal
        FROM invoice_lines l
        WHERE l.invoice_id = v_invoice_id;

        UPDATE invoices i
        SET subtotal_cents = v_subtotal,
            total_cents = v_subtotal + i.tax_cents
        WHERE i.id = v_invoice_id;
    END LOOP;
    RETURN NULL;
END;
$$;
