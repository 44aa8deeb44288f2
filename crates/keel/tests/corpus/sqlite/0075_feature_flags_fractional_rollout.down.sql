CREATE TABLE feature_flags_old (
    id               INTEGER PRIMARY KEY,
    "key"            TEXT    NOT NULL UNIQUE CHECK ("key" NOT GLOB '*[^a-z0-9_]*'),
    description      TEXT    NOT NULL DEFAULT '',
    enabled          INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    rollout_percent  INTEGER NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
) STRICT;

INSERT INTO feature_flags_old (id, "key", description, enabled, rollout_percent, created_at, updated_at)
SELECT id, "key", description, enabled, CAST(round(rollout_percent) AS INTEGER), created_at, updated_at
  FROM feature_flags;

DROP TABLE feature_flags;

ALTER TABLE feature_flags_old RENAME TO feature_flags;

CREATE TRIGGER feature_flags_touch
AFTER UPDATE ON feature_flags
FOR EACH ROW
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE feature_flags SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
