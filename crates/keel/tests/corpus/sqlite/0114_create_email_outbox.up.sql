CREATE TABLE email_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address  TEXT    NOT NULL,
    template    TEXT    NOT NULL,
    params      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
    priority    INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9),
    attempts    INTEGER NOT NULL DEFAULT 0,
    send_after  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at     TEXT,
    last_error  TEXT,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX email_outbox_queue_idx ON email_outbox (priority DESC, send_after) WHERE sent_at IS NULL;
