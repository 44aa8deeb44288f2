DROP TRIGGER photos_bi_mime_type;
