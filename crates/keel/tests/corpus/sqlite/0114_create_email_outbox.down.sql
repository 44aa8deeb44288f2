DROP INDEX email_outbox_queue_idx;
DROP TABLE email_outbox;
