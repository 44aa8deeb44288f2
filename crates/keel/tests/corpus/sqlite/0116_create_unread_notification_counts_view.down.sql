DROP VIEW unread_notification_counts;
