ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS 'album_shared' BEFORE 'system';
