CREATE FUNCTION invoice_lines_refresh_total() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_invoice_id bigint;
BEGIN
    -- On UPDATE a line may have moved between invoices: refresh both.
    FOR v_invoice_id IN
        SELECT DISTINCT x
        FROM unnest(ARRAY[
                 CASE WHEN TG_OP <> 'DELETE' THEN NEW.invoice_id END,
                 CASE WHEN TG_OP <> 'INSERT' THEN OLD.invoice_id END]) AS t(x)
        WHERE x IS NOT NULL
    LOOP
        UPDATE invoices i
        SET total_cents = coalesce((SELECT sum(l.amount_cents)
                                    FROM invoice_lines l
                                    WHERE l.invoice_id = v_invoice_id), 0)
        WHERE i.id = v_invoice_id;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER invoice_lines_total
    AFTER INSERT OR UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoice_lines_refresh_total();
