DROP TRIGGER tags_bi_slug;
