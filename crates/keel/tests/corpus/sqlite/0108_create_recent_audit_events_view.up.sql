CREATE VIEW recent_audit_events AS
SELECT l.id,
       l.account_id,
       l.action,
       l.target_type,
       l.target_id,
       u.email       AS actor_email,
       l.ip_address,
       l.created_at
  FROM audit_logs AS l
  LEFT JOIN users AS u ON u.id = l.actor_id
 WHERE l.created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-90 days');
