DROP VIEW moderation_queue;
