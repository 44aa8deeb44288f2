/* Roles move from a free-text column to the roles table (seeded in 0006).
   SQLite cannot change a column's type or constraints in place, so this is the
   documented table rebuild: new table, copy, drop, rename, re-create indexes and triggers. */
CREATE TABLE memberships_new (
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id          INTEGER NOT NULL DEFAULT 3 REFERENCES roles (id) ON DELETE RESTRICT,
    joined_at        TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (organisation_id, user_id)
) WITHOUT ROWID;

INSERT INTO memberships_new (organisation_id, user_id, role_id, joined_at)
SELECT m.organisation_id, m.user_id, r.id, m.joined_at
  FROM memberships AS m
  JOIN roles AS r ON r."key" = m.role;

DROP TABLE memberships;

ALTER TABLE memberships_new RENAME TO memberships;

CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE INDEX memberships_role_id_idx ON memberships (role_id);

CREATE TRIGGER memberships_audit_insert
AFTER INSERT ON memberships
FOR EACH ROW
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id, 'membership.created', 'user', NEW.user_id,
           json_object('organisation_id', NEW.organisation_id,
                       'role', (SELECT r."key" FROM roles AS r WHERE r.id = NEW.role_id))
      FROM organisations AS o
     WHERE o.id = NEW.organisation_id;
END;

CREATE TRIGGER memberships_audit_update
AFTER UPDATE OF role_id ON memberships
FOR EACH ROW
WHEN NEW.role_id IS NOT OLD.role_id
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id,
           CASE
               WHEN NEW.role_id < OLD.role_id THEN 'membership.promoted'
               WHEN NEW.role_id > OLD.role_id THEN 'membership.demoted'
               ELSE 'membership.changed'
           END,
           'user', NEW.user_id,
           json_object('organisation_id', NEW.organisation_id,
                       'from', (SELECT r."key" FROM roles AS r WHERE r.id = OLD.role_id),
                       'to',   (SELECT r."key" FROM roles AS r WHERE r.id = NEW.role_id))
      FROM organisations AS o
     WHERE o.id = NEW.organisation_id;
END;

CREATE TRIGGER memberships_audit_delete
AFTER DELETE ON memberships
FOR EACH ROW
BEGIN
    INSERT INTO audit_logs (account_id, action, target_type, target_id, details)
    SELECT o.account_id, 'membership.removed', 'user', OLD.user_id,
           json_object('organisation_id', OLD.organisation_id,
                       'role', (SELECT r."key" FROM roles AS r WHERE r.id = OLD.role_id))
      FROM organisations AS o
     WHERE o.id = OLD.organisation_id;
END;
