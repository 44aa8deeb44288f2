-- Rebuild the enum without 'album_shared' (labels can't be dropped).
DELETE FROM notifications WHERE kind = 'album_shared';

ALTER TYPE notification_kind RENAME TO notification_kind_old;
CREATE TYPE notification_kind AS ENUM ('like', 'comment', 'mention', 'follow', 'system');

ALTER TABLE notifications
    ALTER COLUMN kind TYPE notification_kind USING kind::text::notification_kind;

DROP TYPE notification_kind_old;
