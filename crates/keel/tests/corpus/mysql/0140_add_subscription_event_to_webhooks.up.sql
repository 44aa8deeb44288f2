ALTER TABLE webhook_endpoints
  MODIFY COLUMN events SET('photo.created', 'photo.deleted', 'post.published', 'comment.created', 'member.joined', 'invoice.paid', 'subscription.updated') NOT NULL DEFAULT 'post.published';
