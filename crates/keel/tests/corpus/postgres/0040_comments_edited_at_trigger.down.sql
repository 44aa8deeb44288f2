DROP TRIGGER comments_mark_edited ON comments;
DROP FUNCTION comments_mark_edited();
