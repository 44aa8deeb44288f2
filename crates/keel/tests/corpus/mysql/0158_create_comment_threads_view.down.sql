DROP VIEW comment_threads;
