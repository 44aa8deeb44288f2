CREATE TABLE memberships (
    organisation_id  uuid             NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id          bigint           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             membership_role  NOT NULL DEFAULT 'member',
    invited_by       bigint           REFERENCES users (id) ON DELETE SET NULL,
    joined_at        timestamptz      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (organisation_id, user_id)
);

-- The PK covers lookups by organisation; "my organisations" needs this one.
CREATE INDEX memberships_user_id_idx ON memberships (user_id);
