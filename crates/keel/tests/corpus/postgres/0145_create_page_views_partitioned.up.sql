-- High-volume and only ever queried by time range: partition by quarter so
-- old data can be detached and archived cheaply.
CREATE TABLE page_views (
    id          bigint       GENERATED ALWAYS AS IDENTITY,
    account_id  bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    post_id     bigint,
    viewer_id   bigint,
    referrer    text,
    viewed_at   timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, viewed_at)
) PARTITION BY RANGE (viewed_at);

CREATE TABLE page_views_2025_q1 PARTITION OF page_views FOR VALUES FROM ('2025-01-01 00:00+00') TO ('2025-04-01 00:00+00');
CREATE TABLE page_views_2025_q2 PARTITION OF page_views FOR VALUES FROM ('2025-04-01 00:00+00') TO ('2025-07-01 00:00+00');
CREATE TABLE page_views_2025_q3 PARTITION OF page_views FOR VALUES FROM ('2025-07-01 00:00+00') TO ('2025-10-01 00:00+00');
CREATE TABLE page_views_2025_q4 PARTITION OF page_views FOR VALUES FROM ('2025-10-01 00:00+00') TO ('2026-01-01 00:00+00');
-- anything outside the prepared quarters lands here until a partition is added
CREATE TABLE page_views_default PARTITION OF page_views DEFAULT;

CREATE INDEX page_views_post_id_viewed_at_idx ON page_views (post_id, viewed_at);
