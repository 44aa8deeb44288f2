DROP VIEW recent_audit_events;
