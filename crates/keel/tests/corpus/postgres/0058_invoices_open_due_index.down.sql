DROP INDEX invoices_open_due_at_idx;
