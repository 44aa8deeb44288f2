-- Membership of a user in an organisation; composite key, stored without a rowid.
CREATE TABLE memberships (
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    joined_at        TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (organisation_id, user_id)
) WITHOUT ROWID;

CREATE INDEX memberships_user_id_idx ON memberships (user_id);
