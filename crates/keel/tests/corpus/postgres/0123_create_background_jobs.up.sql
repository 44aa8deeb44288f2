CREATE TABLE background_jobs (
    id            bigserial    PRIMARY KEY,
    queue         text         NOT NULL DEFAULT 'default',
    job_class     text         NOT NULL,
    args          jsonb        NOT NULL DEFAULT '[]',
    priority      smallint     NOT NULL DEFAULT 0,
    run_at        timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    attempts      integer      NOT NULL DEFAULT 0,
    max_attempts  integer      NOT NULL DEFAULT 25,
    locked_at     timestamptz,
    locked_by     text,
    last_error    text,
    finished_at   timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT background_jobs_attempts_within_max CHECK (attempts <= max_attempts)
);

CREATE INDEX background_jobs_ready_idx
    ON background_jobs (queue, priority DESC, run_at)
    WHERE locked_at IS NULL AND finished_at IS NULL;
