DROP TYPE notification_kind;
