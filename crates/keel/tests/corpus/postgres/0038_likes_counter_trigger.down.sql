DROP TRIGGER likes_post_count ON likes;
DROP FUNCTION likes_maintain_post_count();
