-- Dunning job: open invoices by due date.
CREATE INDEX invoices_open_due_at_idx ON invoices (due_at) WHERE status = 'open';
