CREATE TABLE export_jobs (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    requested_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('photos_zip', 'posts_json', 'audit_csv')),
    status        TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress      REAL    NOT NULL DEFAULT 0.0 CHECK (progress BETWEEN 0.0 AND 1.0),
    file_key      TEXT,
    byte_size     INTEGER,
    error         TEXT,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at   TEXT
) STRICT;

CREATE INDEX export_jobs_queue_idx ON export_jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX export_jobs_account_idx ON export_jobs (account_id, created_at DESC);
