/* Stored so that it can be indexed cheaply; used by the "large photos" filter. */
ALTER TABLE photos
  ADD COLUMN megapixels DECIMAL(8,2) GENERATED ALWAYS AS (ROUND(width * height / 1000000, 2)) STORED AFTER aspect_ratio,
  ADD KEY idx_photos_megapixels (megapixels);
