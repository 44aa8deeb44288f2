CREATE TABLE organisation_invitations (
    id               uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id  uuid             NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email            email_address    NOT NULL,
    role             membership_role  NOT NULL DEFAULT 'member',
    invited_by       bigint           REFERENCES users (id) ON DELETE SET NULL,
    token_hash       bytea            NOT NULL UNIQUE,
    created_at       timestamptz      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at       timestamptz      NOT NULL DEFAULT CURRENT_TIMESTAMP + interval '7 days',
    accepted_at      timestamptz,
    CONSTRAINT organisation_invitations_role_not_owner CHECK (role <> 'owner')
);

-- One pending invitation per address per organisation.
CREATE UNIQUE INDEX organisation_invitations_pending_key
    ON organisation_invitations (organisation_id, lower(email))
    WHERE accepted_at IS NULL;
