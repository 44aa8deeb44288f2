DROP TRIGGER comments_bu_history;
DROP TABLE comment_edits;
