CREATE TABLE login_attempts (
    id              bigserial     PRIMARY KEY,
    email           varchar(255)  NOT NULL,
    user_id         bigint        REFERENCES users (id) ON DELETE SET NULL,
    ip_address      inet          NOT NULL,
    succeeded       boolean       NOT NULL,
    failure_reason  text,
    attempted_at    timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT login_attempts_failure_has_reason CHECK (succeeded OR failure_reason IS NOT NULL)
);

-- Append-only and time-ordered: a BRIN index is tiny and good enough for
-- range scans and retention deletes.
CREATE INDEX login_attempts_attempted_at_brin ON login_attempts USING brin (attempted_at);
CREATE INDEX login_attempts_email_recent_idx ON login_attempts (lower(email), attempted_at DESC);
