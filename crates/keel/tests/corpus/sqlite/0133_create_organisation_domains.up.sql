CREATE TABLE organisation_domains (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    domain              TEXT    NOT NULL UNIQUE COLLATE NOCASE
                                CHECK (domain LIKE '%_._%' AND domain NOT LIKE '%@%'),
    verification_token  TEXT    NOT NULL,
    verified_at         TEXT,
    auto_join           INTEGER NOT NULL DEFAULT 0 CHECK (auto_join IN (0, 1)),
    created_at          TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (auto_join = 0 OR verified_at IS NOT NULL)
);

CREATE INDEX organisation_domains_org_idx ON organisation_domains (organisation_id);
