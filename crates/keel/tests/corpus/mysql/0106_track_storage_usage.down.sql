DROP TRIGGER photos_ad_storage;
DROP TRIGGER photos_au_storage;
DROP TRIGGER photos_ai_storage;
