CREATE VIEW unread_notification_counts AS
SELECT recipient_id     AS user_id,
       count(*)         AS unread,
       max(created_at)  AS newest_at
  FROM notifications
 WHERE read_at IS NULL
 GROUP BY recipient_id;
