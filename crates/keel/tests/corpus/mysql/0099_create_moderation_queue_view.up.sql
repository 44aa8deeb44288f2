CREATE VIEW moderation_queue AS
SELECT r.subject_type,
       r.subject_id,
       COUNT(*) AS report_count,
       COUNT(DISTINCT r.reporter_id) AS reporter_count,
       MIN(r.created_at) AS first_reported_at,
       MAX(r.created_at) AS last_reported_at,
       GROUP_CONCAT(DISTINCT r.reason ORDER BY r.reason SEPARATOR '; ') AS reasons
FROM reports r
WHERE r.status = 'open'
GROUP BY r.subject_type, r.subject_id;
