DROP TRIGGER posts_ad_search;
DROP TRIGGER posts_au_search;
DROP TRIGGER posts_ai_search;
