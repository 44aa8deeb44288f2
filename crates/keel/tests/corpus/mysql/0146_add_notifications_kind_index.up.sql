CREATE INDEX idx_notifications_kind_created ON notifications (kind, created_at DESC);
