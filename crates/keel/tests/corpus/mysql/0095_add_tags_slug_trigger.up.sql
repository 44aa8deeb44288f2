-- Single-statement trigger, no DELIMITER: fill an empty slug from the name.
CREATE TRIGGER tags_bi_slug BEFORE INSERT ON tags
  FOR EACH ROW SET NEW.slug = IF(NEW.slug IS NULL OR NEW.slug = '', slugify(NEW.name), NEW.slug);
