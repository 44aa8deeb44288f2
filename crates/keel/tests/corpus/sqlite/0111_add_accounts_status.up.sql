ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'closed'));
ALTER TABLE accounts ADD COLUMN status_changed_at TEXT;

CREATE INDEX accounts_not_active_idx ON accounts (status, status_changed_at) WHERE status <> 'active';
