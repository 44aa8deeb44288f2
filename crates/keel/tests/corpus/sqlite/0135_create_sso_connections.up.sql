CREATE TABLE sso_connections (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL UNIQUE REFERENCES organisations (id) ON DELETE CASCADE,
    protocol         TEXT    NOT NULL CHECK (protocol IN ('saml', 'oidc')),
    issuer           TEXT    NOT NULL,
    metadata         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    enforce          INTEGER NOT NULL DEFAULT 0 CHECK (enforce IN (0, 1)),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT
) STRICT;
