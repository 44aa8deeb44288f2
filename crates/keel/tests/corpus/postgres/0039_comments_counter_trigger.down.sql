DROP TRIGGER comments_post_count ON comments;
DROP FUNCTION comments_maintain_post_count();
