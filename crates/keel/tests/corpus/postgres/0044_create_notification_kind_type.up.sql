CREATE TYPE notification_kind AS ENUM ('like', 'comment', 'mention', 'follow', 'system');
