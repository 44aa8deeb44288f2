CREATE TABLE account_deletion_requests (
    account_id     bigint       PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    requested_by   bigint       REFERENCES users (id) ON DELETE SET NULL,
    requested_at   timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    scheduled_for  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP + interval '30 days',
    reason         text
);

-- Run from cron as: CALL process_account_deletions();  (outside a transaction
-- block, so that it can commit between accounts).
CREATE PROCEDURE process_account_deletions(p_batch integer DEFAULT 50)
LANGUAGE plpgsql
AS $$
DECLARE
    r       record;
    v_done  integer := 0;
BEGIN
    FOR r IN
        SELECT d.account_id
        FROM account_deletion_requests d
        WHERE d.scheduled_for <= now()
        ORDER BY d.scheduled_for
        LIMIT p_batch
    LOOP
        IF EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = r.account_id) THEN
            -- invoices must be retained (FK is RESTRICT): anonymise instead
            UPDATE accounts
            SET name = 'Deleted account',
                slug = 'deleted-' || id,
                billing_email = NULL,
                tax_id = NULL
            WHERE id = r.account_id;
            DELETE FROM users WHERE account_id = r.account_id;
            DELETE FROM account_deletion_requests WHERE account_id = r.account_id;
        ELSE
            DELETE FROM accounts WHERE id = r.account_id;
        END IF;

        v_done := v_done + 1;
        IF v_done % 10 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;

    RAISE NOTICE 'process_account_deletions: % account(s) processed', v_done;
END;
$$;
