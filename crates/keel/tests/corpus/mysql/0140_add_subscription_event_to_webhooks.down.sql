-- Unsubscribe endpoints from the removed event first; the narrower SET would reject it.
UPDATE webhook_endpoints
SET events = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', events, ','), ',subscription.updated,', ',')),
    updated_at = updated_at
WHERE FIND_IN_SET('subscription.updated', events) > 0;

ALTER TABLE webhook_endpoints
  MODIFY COLUMN events SET('photo.created', 'photo.deleted', 'post.published', 'comment.created', 'member.joined', 'invoice.paid') NOT NULL DEFAULT 'post.published';
