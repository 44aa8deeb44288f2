CREATE TABLE content_reports (
    id           bigserial    PRIMARY KEY,
    reporter_id  bigint       REFERENCES users (id) ON DELETE SET NULL,
    target_type  text         NOT NULL CHECK (target_type IN ('post', 'comment', 'photo', 'user')),
    target_id    bigint       NOT NULL,
    reason       text         NOT NULL
                              CHECK (reason IN ('spam', 'harassment', 'nudity', 'violence', 'copyright', 'other')),
    details      text,
    status       text         NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'actioned', 'dismissed')),
    resolved_by  bigint       REFERENCES users (id) ON DELETE SET NULL,
    resolved_at  timestamptz,
    created_at   timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT content_reports_resolution_consistent CHECK ((status = 'open') = (resolved_at IS NULL))
);

CREATE INDEX content_reports_open_idx ON content_reports (created_at) WHERE status = 'open';
CREATE INDEX content_reports_target_idx ON content_reports (target_type, target_id);
