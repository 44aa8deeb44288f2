CREATE TABLE content_reports (
    id            INTEGER PRIMARY KEY,
    reporter_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    subject_type  TEXT    NOT NULL CHECK (subject_type IN ('photo', 'post', 'comment', 'user')),
    subject_id    INTEGER NOT NULL,
    reason        TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'copyright', 'nudity', 'other')),
    details       TEXT,
    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'actioned', 'dismissed')),
    resolved_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolved_at   TEXT,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((status = 'open') = (resolved_at IS NULL))
);

CREATE INDEX content_reports_open_idx ON content_reports (created_at) WHERE status = 'open';
CREATE INDEX content_reports_subject_idx ON content_reports (subject_type, subject_id);
